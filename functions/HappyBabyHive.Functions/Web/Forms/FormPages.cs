using HappyBabyHive.Http;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Pages.Website;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Web.Forms;

/// <summary>A posted form read into its state, or the page that refuses it.</summary>
/// <param name="RateLimited">Over the API's per-client limit: re-show the form (the state carries the message) with 429.</param>
public sealed record PostedForm<TState>(TState? State, ContentResult? Refused, bool RateLimited)
    where TState : FormState;

/// <summary>
/// What the public forms' functions share: reading a plain form post under the API's size and rate limits, and the
/// page around a form (its script, and "Error: " in the title while it shows problems) or around a result. Every one
/// may be shown inside the business's own website (an iframe), and carries the script so it reports its height.
/// </summary>
public sealed class FormPages(PageResults pages, ClientRateLimiter rateLimiter)
{
    public const int TooManyRequests = StatusCodes.Status429TooManyRequests;

    /// <param name="startAgainHref">Where "Start again" goes when the body isn't a form we can read.</param>
    /// <param name="buttonText">The submit button's words, for "press … again".</param>
    public async Task<PostedForm<TState>> ReadAsync<TState>(
        HttpRequest request, string startAgainHref, string buttonText, Func<IReadOnlyDictionary<string, string>, TState> read, CancellationToken cancellationToken)
        where TState : FormState
    {
        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            var refused = await PageAsync<MessageView>(
                request, "Something went wrong", new MessageModel([problem!], new PageLink("Start again", startAgainHref)), StatusCodes.Status400BadRequest);
            return new(null, refused, false);
        }

        var state = read(form);
        if (rateLimiter.TryAcquire(request) is not { } retryAfter)
        {
            return new(state, null, false);
        }

        TryAgain.SetRetryAfter(request.HttpContext.Response, retryAfter);
        var message = $"There have been a lot of attempts from your connection. {TryAgain.PleaseWait(retryAfter)} and press {buttonText} again. Nothing you typed has been lost.";
        return new(state with { Message = message }, null, true);
    }

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
