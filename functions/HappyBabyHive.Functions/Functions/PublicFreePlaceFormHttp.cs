using HappyBabyHive.Abuse;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The free-place request form the website embeds or links to: a plain form post to the same
/// <see cref="IFreePlaceRequestService"/> as <c>POST /api/free-place-requests</c>, which forms.js uses instead.
/// </summary>
public sealed class PublicFreePlaceFormHttp(IFreePlaceRequestService requests, FormPages pages, FreePlaceFormPage page, PublicLimits limits)
{
    public const string FormName = "free-place";

    [Function(nameof(FreePlaceForm))]
    public async Task<IActionResult> FreePlaceForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/free-place")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var state = new FreePlaceFormState
        {
            CourseId = request.Query["course"].ToString() is { Length: > 0 } course ? course : FreePlaceRequestValidator.AnyCourse,
            IdempotencyKey = FormState.NewIdempotencyKey(),
            FormToken = pages.NewToken(FormName),
        };
        return await page.FormAsync(request, state, StatusCodes.Status200OK, cancellationToken);
    }

    [Function(nameof(FreePlaceFormPost))]
    public async Task<IActionResult> FreePlaceFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forms/free-place")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var posted = await pages.ReadAsync(
            request, FormName, "free-place", FreePlaceFormView.ButtonText, FreePlaceFormState.FromForm, (s, client) => limits.FreePlaceRequest(client, s.Email), cancellationToken);
        if (posted is not { State: { } state, RefusedStatus: null })
        {
            return posted.Refused ?? await page.FormAsync(request, posted.State!, posted.RefusedStatus!.Value, cancellationToken);
        }

        var outcome = await requests.SubmitAsync(state.ToRequest(), state.IdempotencyKey, cancellationToken);
        if (outcome is FreePlaceRequestOutcome.Created)
        {
            await pages.CountAsync(posted, cancellationToken);
        }

        return outcome switch
        {
            FreePlaceRequestOutcome.Created created => await page.ConfirmationAsync(request, created.Receipt, cancellationToken),
            FreePlaceRequestOutcome.Replayed replayed => await page.ConfirmationAsync(request, replayed.Receipt, cancellationToken),
            FreePlaceRequestOutcome.Ignored => await pages.ThanksAsync(request),
            FreePlaceRequestOutcome.Invalid invalid =>
                await page.FormAsync(request, state with { Errors = invalid.Errors }, StatusCodes.Status422UnprocessableEntity, cancellationToken),
            FreePlaceRequestOutcome.CourseNotFound =>
                await page.FormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, FreePlaceFormView.CourseGoneMessage), StatusCodes.Status422UnprocessableEntity, cancellationToken),
            FreePlaceRequestOutcome.CourseNotBookable closed =>
                await page.FormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, closed.Detail), StatusCodes.Status409Conflict, cancellationToken),
            // Sent once, then changed (Back, then another baby): a fresh key makes the next press a new request.
            FreePlaceRequestOutcome.IdempotencyKeyReused => await page.FormAsync(
                request,
                state with { IdempotencyKey = FormState.NewIdempotencyKey(), Message = FreePlaceFormView.ReusedKeyMessage },
                StatusCodes.Status422UnprocessableEntity,
                cancellationToken),
            _ => throw new InvalidOperationException($"Unhandled free-place outcome {outcome.GetType().Name}."),
        };
    }
}
