using HappyBabyHive.Abuse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Http;

/// <summary>Why a public post was not let through to its service.</summary>
public enum PostRefusal
{
    None,
    TokenMissing,
    TokenInvalid,
    TooFast,
    TokenExpired,
    TokenReused,
    Limited,
}

/// <summary>The guard's answer. <see cref="NextToken"/> goes on whatever the caller shows next (a re-shown form, a response header).</summary>
public sealed record PostAdmission(PostRefusal Refusal, string NextToken, TimeSpan? RetryAfter = null)
{
    public bool Admitted => Refusal == PostRefusal.None;
}

/// <summary>
/// What every public post passes before its service runs: the form token (signed, old enough, not expired, not used
/// before), then the shared limits for what the post would cost. Counting happens after the service accepted the
/// post (<see cref="CountAsync"/>), so refused posts and typos cost nothing. See docs/abuse-resistance.md.
/// </summary>
public sealed class PublicPostGuard(FormTokens tokens, SharedLimits limits, IOptions<AbuseOptions> options)
{
    /// <summary>The JSON API's header for the token (the HTML forms post it as the <c>formToken</c> field).</summary>
    public const string TokenHeader = "Form-Token";

    public const string TokenField = "formToken";

    /// <param name="form">Which form the token must have been issued for ("booking", "free-place", "tips").</param>
    /// <param name="fromApi">A JSON post: a missing token is let through unless <see cref="AbuseOptions.RequireFormTokenOnApi"/>.</param>
    /// <param name="requestKey">
    /// The post's idempotency key (the form's hidden field, or the API's Idempotency-Key header). The same request sent
    /// again with its token (a parent refreshing the result page) passes, and its service answers with the same result;
    /// the token used for anything else is refused.
    /// </param>
    public async Task<PostAdmission> AdmitAsync(
        string form, string? token, bool fromApi, string? requestKey, IReadOnlyList<LimitSubject> subjects, CancellationToken cancellationToken)
    {
        var verdict = tokens.Verify(form, token);
        var next = tokens.Renew(form, verdict);
        var tokenless = verdict.Check == FormTokenCheck.Missing && fromApi && !options.Value.RequireFormTokenOnApi;
        if (!tokenless && Refusal(verdict.Check) is var refusal and not PostRefusal.None)
        {
            return new PostAdmission(refusal, next, refusal == PostRefusal.TooFast ? tokens.TooFastBy(verdict) : null);
        }

        if (await limits.CheckAsync(subjects, cancellationToken) is { } wait)
        {
            return new PostAdmission(PostRefusal.Limited, next, wait);
        }

        // Recorded last, so a post refused by a limit can be pressed again later with the same form.
        if (!tokenless && !await TryUseAsync(verdict, requestKey, cancellationToken))
        {
            return new PostAdmission(PostRefusal.TokenReused, next);
        }

        return new PostAdmission(PostRefusal.None, next);
    }

    public Task CountAsync(IReadOnlyList<LimitSubject> subjects, CancellationToken cancellationToken) => limits.CountAsync(subjects, cancellationToken);

    /// <summary>The JSON answer to a refused post: a problem detail, with the next token in the <c>Form-Token</c> header.</summary>
    public static IActionResult Problem(HttpRequest request, PostAdmission admission)
    {
        request.HttpContext.Response.Headers[TokenHeader] = admission.NextToken;
        return admission.Refusal switch
        {
            PostRefusal.Limited => TryAgain.TooManyRequests(request, admission.RetryAfter ?? TimeSpan.FromMinutes(1)),
            PostRefusal.TokenMissing => Problems.Create(
                StatusCodes.Status428PreconditionRequired, "form-token-required", "This form needs a form token.",
                "Get one from GET /api/forms/token?form=… when the form is shown, and send it in the Form-Token header."),
            PostRefusal.TooFast => WithRetryAfter(request, admission, Problems.Create(
                StatusCodes.Status400BadRequest, "form-too-fast", "That was quicker than we expected.",
                "Please check your details and send the form again in a moment; nothing has been lost.")),
            PostRefusal.TokenExpired => Problems.Create(
                StatusCodes.Status400BadRequest, "form-token-expired", "This form has been open a long time.",
                "Please send it again; nothing you typed has been lost."),
            PostRefusal.TokenReused => Problems.Create(
                StatusCodes.Status409Conflict, "form-token-used", "This form was already sent.",
                "If you meant to send it again, please send it once more."),
            _ => Problems.Create(
                StatusCodes.Status400BadRequest, "form-token-invalid", "We couldn't check this form.",
                "Please reload the page and send the form again."),
        };
    }

    /// <summary>The sentence a re-shown HTML form carries for a refusal; the parent's input is always kept.</summary>
    public static string Message(PostAdmission admission, string buttonText) => admission.Refusal switch
    {
        PostRefusal.Limited => admission.RetryAfter is { } wait && wait > TimeSpan.FromMinutes(2)
            ? $"We've had a lot of these from your connection today, so we can't take this one just now. Please try again later or contact us directly. Nothing you typed has been lost."
            : $"There have been a lot of attempts from your connection. {TryAgain.PleaseWait(admission.RetryAfter ?? TimeSpan.FromMinutes(1))} and press {buttonText} again. Nothing you typed has been lost.",
        PostRefusal.TooFast => $"That was quicker than we expected. Please check your details and press {buttonText} again. Nothing you typed has been lost.",
        PostRefusal.TokenExpired => $"This form has been open a long time. Please check your details and press {buttonText} again. Nothing you typed has been lost.",
        PostRefusal.TokenReused => $"We've already received this form. If you meant to send it again, press {buttonText} once more.",
        _ => $"We couldn't check that this form came from our page. Please press {buttonText} again. Nothing you typed has been lost.",
    };

    private static IActionResult WithRetryAfter(HttpRequest request, PostAdmission admission, IActionResult result)
    {
        TryAgain.SetRetryAfter(request.HttpContext.Response, admission.RetryAfter ?? TimeSpan.FromSeconds(1));
        return result;
    }

    private async Task<bool> TryUseAsync(FormTokenVerdict verdict, string? requestKey, CancellationToken cancellationToken)
    {
        try
        {
            using var bounded = SharedLimits.Bounded(cancellationToken);
            return await tokens.TryUseAsync(verdict, requestKey, bounded.Token);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Fail open, like the limits: a storage blip must not refuse every family's form.
            return true;
        }
    }

    private static PostRefusal Refusal(FormTokenCheck check) => check switch
    {
        FormTokenCheck.Good => PostRefusal.None,
        FormTokenCheck.Missing => PostRefusal.TokenMissing,
        FormTokenCheck.TooFast => PostRefusal.TooFast,
        FormTokenCheck.Expired => PostRefusal.TokenExpired,
        FormTokenCheck.Reused => PostRefusal.TokenReused,
        _ => PostRefusal.TokenInvalid,
    };
}
