using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Time;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The booking form the business's website embeds or links to. It works as a plain HTML form post (the same
/// <see cref="IBookingService"/> as the JSON API, so the rules live in one place); forms.js enhances it to use the API.
/// </summary>
public sealed class BookingFormHttp(ICourseStore courses, IBookingService bookings, HtmlPage page, ClientRateLimiter rateLimiter, TimeProvider time)
{
    /// <summary>Relative to the form's own address (…/api/forms/booking), so a custom route prefix still works.</summary>
    public const string ApiPath = "../bookings";

    [Function(nameof(BookingForm))]
    public async Task<IActionResult> BookingForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/booking")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var state = new BookingFormState
        {
            CourseId = request.Query["course"].ToString() is { Length: > 0 } course ? course : null,
            IdempotencyKey = BookingFormState.NewIdempotencyKey(),
        };
        return await RenderFormAsync(request, state, StatusCodes.Status200OK, cancellationToken);
    }

    [Function(nameof(BookingFormPost))]
    public async Task<IActionResult> BookingFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forms/booking")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return page.Render(request.HttpContext.Response, "Something went wrong", $"<p>{HtmlPage.H(problem)}</p><p><a href=\"booking\">Start again</a></p>", StatusCodes.Status400BadRequest);
        }

        var state = BookingFormState.FromForm(form);
        if (rateLimiter.TryAcquire(request) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await RenderFormAsync(request, state with { Message = $"There have been a lot of attempts from your connection. Please wait {seconds} seconds and press Book my place again. Nothing you typed has been lost." }, StatusCodes.Status429TooManyRequests, cancellationToken);
        }

        var outcome = await bookings.BookAsync(state.ToRequest(), state.IdempotencyKey, cancellationToken);
        switch (outcome)
        {
            case BookingOutcome.Created created:
                return await ConfirmationAsync(request, BookingResponse.From(created.Receipt), cancellationToken);
            case BookingOutcome.Replayed replayed:
                return await ConfirmationAsync(request, BookingResponse.From(replayed.Receipt), cancellationToken);
            case BookingOutcome.Ignored:
                return page.Render(request.HttpContext.Response, "Thank you", BookingFormView.ThanksHtml);
            case BookingOutcome.Invalid invalid:
                return await RenderFormAsync(request, state with { Errors = invalid.Errors }, StatusCodes.Status422UnprocessableEntity, cancellationToken);
            case BookingOutcome.CourseNotFound:
                return await RenderFormAsync(request, WithCourseError(state, "That course isn't available any more. Please choose another."), StatusCodes.Status422UnprocessableEntity, cancellationToken);
            case BookingOutcome.CourseNotBookable closed:
                return await RenderFormAsync(request, WithCourseError(state, closed.Detail), StatusCodes.Status409Conflict, cancellationToken);
            case BookingOutcome.IdempotencyKeyReused:
                // The form was used for one booking and then changed (e.g. Back, then a second baby): a fresh key makes
                // the next press a new booking, and the parent is told so.
                return await RenderFormAsync(
                    request,
                    state with
                    {
                        IdempotencyKey = BookingFormState.NewIdempotencyKey(),
                        Message = "You've already made a booking with this form. If you'd like to make another booking with these details, check them and press Book my place again.",
                    },
                    StatusCodes.Status422UnprocessableEntity,
                    cancellationToken);
            case BookingOutcome.Busy:
                return await RenderFormAsync(request, state with { Message = "Lots of people are booking this course at once. Please press Book my place again in a moment; you won't be booked twice." }, StatusCodes.Status503ServiceUnavailable, cancellationToken);
            default:
                throw new InvalidOperationException($"Unhandled booking outcome {outcome.GetType().Name}.");
        }
    }

    private static BookingFormState WithCourseError(BookingFormState state, string message) =>
        state with { Errors = new Dictionary<string, string[]> { [FieldNames.CourseId] = [message] } };

    private async Task<IReadOnlyList<CourseChoice>> ChoicesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await courses.ListUpcomingAsync(now, cancellationToken)).Select(c => CourseChoice.From(c, now)).ToList();
    }

    private async Task<IActionResult> RenderFormAsync(HttpRequest request, BookingFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var choices = await ChoicesAsync(cancellationToken);
        var body = BookingFormView.Render(choices, state, UkTime.Today(time), ApiPath);
        var title = state.HasProblems ? "Error: " + BookingFormView.Title : BookingFormView.Title;
        return page.Render(request.HttpContext.Response, BookingFormView.Title, body, statusCode, FormsScriptHttp.ScriptPath, title);
    }

    private async Task<IActionResult> ConfirmationAsync(HttpRequest request, BookingResponse booking, CancellationToken cancellationToken)
    {
        var course = (await ChoicesAsync(cancellationToken)).FirstOrDefault(c => c.Id == booking.CourseId);
        return page.Render(request.HttpContext.Response, BookingFormView.ConfirmationTitle(booking), BookingFormView.RenderConfirmation(booking, course), StatusCodes.Status200OK, FormsScriptHttp.ScriptPath);
    }
}
