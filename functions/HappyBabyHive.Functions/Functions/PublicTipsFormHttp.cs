using HappyBabyHive.Abuse;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Text;
using HappyBabyHive.Web.Forms;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The weekly tips sign-up form the website embeds or links to: a plain form post to the same
/// <see cref="ISubscriptionService"/> as <c>POST /api/subscriptions</c>, which forms.js uses instead.
/// </summary>
public sealed class PublicTipsFormHttp(ISubscriptionService subscriptions, FormPages pages, PublicLimits limits, IOptions<WellbeingTipsOptions> options)
{
    public const string FormName = "tips";

    /// <summary>Relative to the form's own address (…/api/forms/tips).</summary>
    public const string ApiPath = "../subscriptions";

    [Function(nameof(TipsForm))]
    public async Task<IActionResult> TipsForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/tips")] HttpRequest request) =>
        await RenderForm(request, new TipsFormState { FormToken = pages.NewToken(FormName) }, StatusCodes.Status200OK);

    [Function(nameof(TipsFormPost))]
    public async Task<IActionResult> TipsFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forms/tips")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var posted = await pages.ReadAsync(
            request, FormName, "tips", TipsFormView.ButtonText, TipsFormState.FromForm, (s, client) => limits.Subscription(client, s.Email), cancellationToken);
        if (posted is not { State: { } state, RefusedStatus: null })
        {
            return posted.Refused ?? await RenderForm(request, posted.State!, posted.RefusedStatus!.Value);
        }

        // A honeypot hit gets the same "check your inbox" as everyone, as the API answers it.
        var outcome = await subscriptions.SubscribeAsync(state.ToRequest(), cancellationToken);
        if (outcome is SubscribeOutcome.Accepted)
        {
            await pages.CountAsync(posted, cancellationToken);
        }

        return outcome switch
        {
            SubscribeOutcome.Invalid invalid => await RenderForm(request, state with { Errors = invalid.Errors }, StatusCodes.Status422UnprocessableEntity),
            SubscribeOutcome.Accepted or SubscribeOutcome.Ignored =>
                await pages.ResultAsync<TipsResult>(request, TipsFormView.ConfirmationTitle, Result(hidden: false)),
            var other => throw new InvalidOperationException($"Unhandled subscribe outcome {other.GetType().Name}."),
        };
    }

    private Task<ContentResult> RenderForm(HttpRequest request, TipsFormState state, int statusCode) =>
        pages.FormAsync<TipsFormView>(
            request,
            TipsFormView.Title,
            new TipsFormModel(state.FirstName, state.Email, state.Consent, state.LeaveThisEmpty, state.Problems, ApiPath, ConsentWording.Text, Result(hidden: true))
            {
                FormToken = state.FormToken,
            },
            state,
            statusCode);

    // The same words whether the address is new, waiting, subscribed or unsubscribed: the page reveals nothing.
    private TipsResultModel Result(bool hidden) =>
        new(hidden, PublicSubscriptionsHttp.AcceptedMessage, Durations.InWords(options.Value.ConfirmLinkLifetime));
}
