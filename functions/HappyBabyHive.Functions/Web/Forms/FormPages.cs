using HappyBabyHive.Abuse;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Web.Forms;

/// <summary>A posted form read into its state, or the page that refuses it.</summary>
/// <param name="RefusedStatus">
/// The guard refused the post (form token, shared limit): re-show the form with this status; the state carries the
/// message and the next form token, and keeps everything the parent typed.
/// </param>
/// <param name="Limits">What the post is counted against once its service accepts it (<see cref="FormPages.CountAsync"/>).</param>
public sealed record PostedForm<TState>(TState? State, ContentResult? Refused, int? RefusedStatus, IReadOnlyList<LimitSubject> Limits)
    where TState : FormState;

/// <summary>
/// What the public forms' functions share: reading a plain form post under the API's size limit and through the
/// <see cref="PublicPostGuard"/> (form token, shared limits), and the page around a form (its script, and "Error: "
/// in the title while it shows problems) or around a result. Every one may be shown inside the business's own
/// website (an iframe), and carries the script so it reports its height.
/// </summary>
public sealed class FormPages(PageResults pages, PublicPostGuard guard, FormTokens tokens)
{
    /// <summary>A new form token for a form shown afresh ("booking", "free-place", "tips").</summary>
    public string NewToken(string form) => tokens.Issue(form);

    /// <param name="form">The form's name, which its token was issued for.</param>
    /// <param name="startAgainHref">Where "Start again" goes when the body isn't a form we can read.</param>
    /// <param name="buttonText">The submit button's words, for "press … again".</param>
    /// <param name="limits">The shared limits this post is checked against, from what was posted and the client.</param>
    public async Task<PostedForm<TState>> ReadAsync<TState>(
        HttpRequest request,
        string form,
        string startAgainHref,
        string buttonText,
        Func<IReadOnlyDictionary<string, string>, TState> read,
        Func<TState, string, IReadOnlyList<LimitSubject>> limits,
        CancellationToken cancellationToken)
        where TState : FormState
    {
        var (posted, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (posted is null)
        {
            var refused = await PageAsync<MessageView>(
                request, "Something went wrong", new MessageModel([problem!], new PageLink("Start again", startAgainHref)), StatusCodes.Status400BadRequest);
            return new(null, refused, null, []);
        }

        var state = read(posted);
        var subjects = limits(state, ClientAddress.Key(request));
        var admission = await guard.AdmitAsync(
            form, posted.GetValueOrDefault(FieldNames.FormToken), fromApi: false, posted.GetValueOrDefault(FieldNames.IdempotencyKey), subjects, cancellationToken);

        // Whatever happens next, a re-shown form carries the next token, never the one just posted.
        state = (TState)((FormState)state with { FormToken = admission.NextToken });
        if (admission.Admitted)
        {
            return new(state, null, null, subjects);
        }

        if (admission.RetryAfter is { } retryAfter)
        {
            TryAgain.SetRetryAfter(request.HttpContext.Response, retryAfter);
        }

        var status = admission.Refusal switch
        {
            PostRefusal.Limited => StatusCodes.Status429TooManyRequests,
            PostRefusal.TokenReused => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return new((TState)((FormState)state with { Message = PublicPostGuard.Message(admission, buttonText) }), null, status, subjects);
    }

    /// <summary>Counts an accepted post against the shared limits it was checked against.</summary>
    public Task CountAsync<TState>(PostedForm<TState> posted, CancellationToken cancellationToken)
        where TState : FormState =>
        guard.CountAsync(posted.Limits, cancellationToken);

    /// <summary>A form page; while it shows problems its title starts "Error: " so screen readers hear it first.</summary>
    /// <param name="formRedirectOrigins">Where posting the form may redirect to besides this app (see <see cref="PageSpec.FormRedirectOrigins"/>).</param>
    public Task<ContentResult> FormAsync<TView>(
        HttpRequest request, string title, object model, FormState state, int statusCode = StatusCodes.Status200OK, IReadOnlyList<string>? formRedirectOrigins = null)
        where TView : IComponent =>
        PageAsync<TView>(request, title, model, statusCode, state.HasProblems ? "Error: " + title : null, formRedirectOrigins);

    /// <summary>A result page.</summary>
    public Task<ContentResult> ResultAsync<TView>(HttpRequest request, string title, object model)
        where TView : IComponent =>
        PageAsync<TView>(request, title, model, StatusCodes.Status200OK);

    /// <summary>The honeypot's answer: the same calm words whatever the form.</summary>
    public Task<ContentResult> ThanksAsync(HttpRequest request) => ResultAsync<MessageView>(request, "Thank you", MessageView.Thanks);

    private Task<ContentResult> PageAsync<TView>(HttpRequest request, string title, object model, int statusCode, string? documentTitle = null, IReadOnlyList<string>? formRedirectOrigins = null)
        where TView : IComponent =>
        pages.PageAsync<TView>(
            request.HttpContext.Response,
            new PageSpec(title, Framing.OwnWebsite)
            {
                StatusCode = statusCode,
                DocumentTitle = documentTitle,
                ScriptPath = FormsScript.Path,
                Stylesheets = [Stylesheets.Forms],
                FormRedirectOrigins = formRedirectOrigins ?? [],
            },
            model);
}
