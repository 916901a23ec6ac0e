using Azure.Data.Tables;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Payments;

/// <summary>
/// The booking that recorded a payment intent, by one filtered query over the Bookings table (only booking rows carry
/// PaymentIntentId). It reads what every card booking already holds, so it finds payments made before it existed,
/// and needs no index row kept in step. It runs only for a refund whose charge lost the booking's metadata (a refund
/// made in Stripe's dashboard): rare, off the webhook's fast path, over a few thousand rows at most.
/// </summary>
public sealed class TablePaymentIntentBookings(TableServiceClient tables, IOptions<StorageOptions> storage) : IPaymentIntentBookings
{
    public async Task<BookingKey?> FindAsync(string paymentIntentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        var bookings = tables.GetTableClient(storage.Value.BookingsTable);
        BookingKey? found = null;
        await foreach (var row in bookings.QueryAsync<BookingEntity>(
            b => b.PaymentIntentId == paymentIntentId,
            select: [nameof(BookingEntity.PartitionKey), nameof(BookingEntity.RowKey), nameof(BookingEntity.Reference), nameof(BookingEntity.CancellationReason)],
            cancellationToken: cancellationToken))
        {
            // A family who moved course takes the payment with them: the booking they moved to holds the money now,
            // and the one they left (cancelled, MovedAway) keeps a copy of the record.
            found = new BookingKey(row.PartitionKey, row.Reference);
            if (row.CancellationReason != nameof(CancellationReason.MovedAway))
            {
                return found;
            }
        }

        return found;
    }
}
