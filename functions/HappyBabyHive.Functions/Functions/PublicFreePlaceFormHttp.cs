using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Time;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The free-place request form the website embeds or links to: a plain form post to the same
/// <see cref="IFreePlaceRequestService"/> as <c>POST /api/free-place-requests</c>, which forms.js uses instead.
/// </summary>
public sealed class PublicFreePlaceFormHttp(
    ICourseStore courses,
    IFreePlaceRequestService requests,
    FormPages pages,
    IOptions<BusinessOptions> business,
    IOptions<FreePlaceOptions> options,
    TimeProvider time)
{
    /// <summary>Relative to the form's own address (…/api/forms/free-place).</summary>
    public const string ApiPath = "../free-place-requests";

    private FreePlaceFormWording Wording => new(business.Value.Name, business.Value.CharityName, options.Value.NoteRetentionDays, options.Value.ReplyWithin);

    [Function(nameof(FreePlaceForm))]
    public async Task<IActionResult> FreePlaceForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/free-place")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var state = new FreePlaceFormState
        {
            CourseId = request.Query["course"].ToString() is { Length: > 0 } course ? course : FreePlaceRequestValidator.AnyCourse,
            IdempotencyKey = FormState.NewIdempotencyKey(),
        };
        return await RenderFormAsync(request, state, StatusCodes.Status200OK, cancellationToken);
    }

    [Function(nameof(FreePlaceFormPost))]
    public async Task<IActionResult> FreePlaceFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forms/free-place")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (state, refused, rateLimited) = await pages.ReadAsync(request, "free-place", FreePlaceFormView.ButtonText, FreePlaceFormState.FromForm, cancellationToken);
        if (state is null || rateLimited)
        {
            return refused ?? await RenderFormAsync(request, state!, FormPages.TooManyRequests, cancellationToken);
        }

        var outcome = await requests.SubmitAsync(state.ToRequest(), state.IdempotencyKey, cancellationToken);
        return outcome switch
        {
            FreePlaceRequestOutcome.Created created => await ConfirmationAsync(request, created.Receipt, cancellationToken),
            FreePlaceRequestOutcome.Replayed replayed => await ConfirmationAsync(request, replayed.Receipt, cancellationToken),
            FreePlaceRequestOutcome.Ignored => pages.Thanks(request),
            FreePlaceRequestOutcome.Invalid invalid =>
                await RenderFormAsync(request, state with { Errors = invalid.Errors }, StatusCodes.Status422UnprocessableEntity, cancellationToken),
            FreePlaceRequestOutcome.CourseNotFound =>
                await RenderFormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, FreePlaceFormView.CourseGoneMessage), StatusCodes.Status422UnprocessableEntity, cancellationToken),
            FreePlaceRequestOutcome.CourseNotBookable closed =>
                await RenderFormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, closed.Detail), StatusCodes.Status409Conflict, cancellationToken),
            // Sent once, then changed (Back, then another baby): a fresh key makes the next press a new request.
            FreePlaceRequestOutcome.IdempotencyKeyReused => await RenderFormAsync(
                request,
                state with { IdempotencyKey = FormState.NewIdempotencyKey(), Message = FreePlaceFormView.ReusedKeyMessage },
                StatusCodes.Status422UnprocessableEntity,
                cancellationToken),
            _ => throw new InvalidOperationException($"Unhandled free-place outcome {outcome.GetType().Name}."),
        };
    }

    private async Task<IActionResult> RenderFormAsync(HttpRequest request, FreePlaceFormState state, int statusCode, CancellationToken cancellationToken)
    {
        var body = FreePlaceFormView.Render(await CourseChoice.UpcomingAsync(courses, time, cancellationToken), state, UkTime.Today(time), ApiPath, Wording);
        return pages.Form(request, FreePlaceFormView.Title, body, state, statusCode);
    }

    private async Task<IActionResult> ConfirmationAsync(HttpRequest request, FreePlaceReceipt receipt, CancellationToken cancellationToken)
    {
        var course = receipt.CourseId is null ? null : (await CourseChoice.UpcomingAsync(courses, time, cancellationToken)).FirstOrDefault(c => c.Id == receipt.CourseId);
        var response = FreePlaceRequestCreatedResponse.From(receipt, options.Value.ReplyWithin);
        return pages.Result(request, FreePlaceFormView.ConfirmationTitle, FreePlaceFormView.RenderConfirmation(response, course, Wording));
    }
}
