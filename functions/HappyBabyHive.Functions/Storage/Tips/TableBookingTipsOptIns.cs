using Azure.Data.Tables;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Tips;

/// <summary>A tips opt-in email's outbox row sits in the course's partition beside the booking it is about.</summary>
internal sealed class TableBookingTipsOptIns(TableServiceClient tables, IOptions<StorageOptions> storage) : IBookingTipsOptIns
{
    public async Task<TipsOptIn?> FindAsync(OwedEmail owed, CancellationToken cancellationToken)
    {
        var found = await tables.GetTableClient(storage.Value.BookingsTable)
            .GetEntityIfExistsAsync<BookingEntity>(owed.PartitionKey, owed.SubjectRowKey, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { WellbeingTipsOptIn: true } booking
            ? new TipsOptIn(booking.Email, booking.ParentName, booking.WellbeingTipsOptInUtc, booking.CreatedUtc, booking.WellbeingTipsConsentVersion)
            : null;
    }
}
