using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

/// <summary>The "please confirm" email, owed either by the tips form (subscriber partition) or by a booking with the tips box ticked.</summary>
public sealed class TipSubscriptionEmailComposer(
    TableServiceClient tables,
    ISubscriptionService subscriptions,
    TipsEmails emails,
    IOptions<StorageOptions> storage) : IOutboxEmailComposer
{
    public bool CanCompose(string templateName) => templateName is EmailTemplates.TipsConfirm or EmailTemplates.TipsOptInFromBooking;

    public async Task<EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        var subscriber = owed.Template == EmailTemplates.TipsOptInFromBooking
            ? await FromBookingAsync(owed, cancellationToken)
            : await FromFormAsync(owed, cancellationToken);

        // Confirmed or unsubscribed since: there is nothing to confirm, so nothing is sent.
        return subscriber is { SubscriberStatus: SubscriberStatus.Pending } ? await emails.ConfirmAsync(subscriber, owed.Id) : null;
    }

    private async Task<SubscriberEntity?> FromFormAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(storage.Value.TipSubscribersTable);
        var found = await table.GetEntityIfExistsAsync<SubscriberEntity>(owed.PartitionKey, owed.SubjectRowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private async Task<SubscriberEntity?> FromBookingAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(storage.Value.BookingsTable);
        var booking = await table.GetEntityIfExistsAsync<BookingEntity>(owed.PartitionKey, owed.SubjectRowKey, cancellationToken: cancellationToken);
        return booking.HasValue && booking.Value!.WellbeingTipsOptIn
            ? await subscriptions.EnsurePendingFromBookingAsync(booking.Value, cancellationToken)
            : null;
    }
}
