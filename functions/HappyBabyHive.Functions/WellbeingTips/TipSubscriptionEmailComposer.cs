using HappyBabyHive.Email;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.WellbeingTips;

/// <summary>The "please confirm" email, owed either by the tips form (subscriber partition) or by a booking with the tips box ticked.</summary>
public sealed class TipSubscriptionEmailComposer(
    ISubscriberStore subscribers,
    IBookingTipsOptIns optIns,
    ISubscriptionService subscriptions,
    TipsEmails emails) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => templateName is EmailTemplates.TipsConfirm or EmailTemplates.TipsOptInFromBooking;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        var subscriber = owed.Template == EmailTemplates.TipsOptInFromBooking
            ? await FromBookingAsync(owed, cancellationToken)
            : await subscribers.FindAsync(owed.PartitionKey, cancellationToken); // the form's email sits in the subscriber's own partition

        // Confirmed or unsubscribed since: there is nothing to confirm, so nothing is sent.
        return subscriber is { Status: SubscriberStatus.Pending } ? await emails.ConfirmAsync(subscriber, owed.Id) : null;
    }

    private async Task<Subscriber?> FromBookingAsync(OwedEmail owed, CancellationToken cancellationToken) =>
        await optIns.FindAsync(owed, cancellationToken) is { } optIn
            ? await subscriptions.EnsurePendingFromBookingAsync(optIn, cancellationToken)
            : null;
}
