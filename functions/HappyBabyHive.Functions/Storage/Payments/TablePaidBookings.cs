using Azure.Data.Tables;
using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Payments;

/// <summary>
/// Paid bookings across every course partition, by when the payment was received. One filtered query over the
/// Bookings table: only booking rows carry PaymentPaidUtc, and a period's payments are a few hundred rows at most.
/// </summary>
public sealed class TablePaidBookings(TableServiceClient tables, IOptions<StorageOptions> storage) : IPaidBookings
{
    public async Task<IReadOnlyList<PaidBooking>> ListPaidAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var bookings = tables.GetTableClient(storage.Value.BookingsTable);
        var paid = new List<PaidBooking>();
        await foreach (var row in bookings.QueryAsync<BookingEntity>(
            b => b.PaymentPaidUtc >= fromUtc && b.PaymentPaidUtc < toUtc,
            cancellationToken: cancellationToken))
        {
            if (row.ToBooking() is { Payment: { } payment } booking)
            {
                paid.Add(new PaidBooking(row.PartitionKey, booking.Reference, booking.IsFreePlace, payment));
            }
        }

        return paid;
    }
}
