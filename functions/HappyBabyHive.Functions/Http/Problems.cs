using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>RFC 9457 problem details, written so a parent could read the title and detail and know what to do.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    // A URN rather than a web address: stable and machine-readable without promising a page that may not exist.
    private const string TypeBase = "urn:happybabyhive:problem:";

    public static ObjectResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Result(new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Type = TypeBase + "validation",
            Title = "Some details need another look.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = "Please correct the highlighted fields and try again.",
        });

    public static ObjectResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "not-found", $"We couldn't find that {what}.", $"There is no {what} with that id. It may have been removed.");

    public static ObjectResult Conflict(string slug, string title, string detail) =>
        Create(StatusCodes.Status409Conflict, slug, title, detail);

    public static ObjectResult MalformedJson(string detail) =>
        Create(StatusCodes.Status400BadRequest, "malformed-json", "The request body isn't valid JSON.", detail);

    public static ObjectResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Please send JSON.", "Set the Content-Type header to application/json.");

    public static ObjectResult TooLarge(int limitBytes) =>
        Create(StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large.", $"Request bodies are limited to {limitBytes / 1024} KB.");

    public static ObjectResult TooManyRequests(TimeSpan retryAfter) =>
        Create(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests.",
            TryAgain.PleaseWait(retryAfter) + " and try again.");

    public static ObjectResult Busy() =>
        Busy("We're very busy right now.", $"{TryAgain.BookingBusy} Please try again in a moment; {TryAgain.NotBookedTwice}");

    /// <summary>503 "busy" with its Retry-After, for mappers that have no response at hand.</summary>
    public static ObjectResult Busy(string title, string detail) =>
        new RetryLaterResult(new ProblemDetails { Type = TypeBase + "busy", Title = title, Status = StatusCodes.Status503ServiceUnavailable, Detail = detail }, TryAgain.AfterBusy);

    /// <summary>
    /// 503 when a booking's payment page couldn't be opened: Stripe unreachable for a new booking, or a family booking
    /// again without their key. One answer for both (<see cref="TryAgain.PaymentPageDetail"/>), so it reveals neither.
    /// </summary>
    public static ObjectResult PaymentPageUnavailable() =>
        new RetryLaterResult(
            new ProblemDetails { Type = TypeBase + "busy", Title = TryAgain.PaymentPageTitle, Status = StatusCodes.Status503ServiceUnavailable, Detail = TryAgain.PaymentPageDetail },
            TryAgain.AfterPaymentPage);

    public static ObjectResult Create(int status, string slug, string title, string detail) =>
        Result(new ProblemDetails { Type = TypeBase + slug, Title = title, Status = status, Detail = detail });

    private static ObjectResult Result(ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }
}

/// <summary>
/// Problem details that set their own Retry-After when written, so a 503 chosen by a pure mapping (no request in
/// hand) can never go out without one.
/// </summary>
public sealed class RetryLaterResult : ObjectResult
{
    public RetryLaterResult(ProblemDetails problem, TimeSpan wait)
        : base(problem)
    {
        Wait = wait;
        StatusCode = problem.Status;
        ContentTypes.Add(Problems.ContentType);
    }

    public TimeSpan Wait { get; }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        TryAgain.SetRetryAfter(context.HttpContext.Response, Wait);
        return base.ExecuteResultAsync(context);
    }
}
