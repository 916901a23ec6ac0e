using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>A posted form read into its state, or the page that refuses it.</summary>
/// <param name="RateLimited">Over the API's per-client limit: re-show the form (the state carries the message) with 429.</param>
public sealed record PostedForm<TState>(TState? State, ContentResult? Refused, bool RateLimited)
    where TState : FormState;

/// <summary>
/// What the public forms' functions share: reading a plain form post under the API's size and rate limits, and the
/// page around a form (its script, and "Error: " in the title while it shows problems) or around a result.
/// </summary>
public sealed class FormPages(HtmlPage page, ClientRateLimiter rateLimiter)
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
            return new(null, page.Render(request.HttpContext.Response, "Something went wrong", $"<p>{H(problem)}</p><p><a href=\"{H(startAgainHref)}\">Start again</a></p>", StatusCodes.Status400BadRequest), false);
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
    public ContentResult Form(HttpRequest request, string title, string bodyHtml, FormState state, int statusCode = StatusCodes.Status200OK) =>
        page.Render(request.HttpContext.Response, title, bodyHtml, statusCode, FormsScript.Path, state.HasProblems ? "Error: " + title : title);

    /// <summary>A result page, with the script too, so an embedded page still reports its new height.</summary>
    public ContentResult Result(HttpRequest request, string title, string bodyHtml) =>
        page.Render(request.HttpContext.Response, title, bodyHtml, StatusCodes.Status200OK, FormsScript.Path);

    /// <summary>The honeypot's answer: the same calm words whatever the form.</summary>
    public ContentResult Thanks(HttpRequest request) => Result(request, "Thank you", FormFields.ThanksHtml);
}
