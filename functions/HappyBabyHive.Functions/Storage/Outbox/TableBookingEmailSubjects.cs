using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Outbox;

/// <summary>
/// Reads a booking and its course for an email in one request: both rows live in the course's partition, so one
/// partition query with two row keys returns them (two point reads would be two round trips).
/// </summary>
internal sealed class TableBookingEmailSubjects(TableServiceClient tables, IOptions<StorageOptions> storage) : IBookingEmailSubjects
{
    public async Task<BookingEmailSubject?> LoadAsync(string courseId, string bookingRowKey, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(storage.Value.BookingsTable);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and (RowKey eq {RowKeys.Course} or RowKey eq {bookingRowKey})");
        BookingEntity? booking = null;
        CourseEntity? course = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 2, cancellationToken: cancellationToken))
        {
            if (row.RowKey == RowKeys.Course)
            {
                course = TableEntityMapping.To<CourseEntity>(row);
            }
            else
            {
                booking = TableEntityMapping.To<BookingEntity>(row);
            }
        }

        // An erased (anonymised) booking has no address left: nothing owed to it can be sent.
        return booking is null || course is null || string.IsNullOrEmpty(booking.Email) ? null : new BookingEmailSubject(Family(booking), course.ToCourse(), course.CancellationMessage);
    }

    private static BookedFamily Family(BookingEntity booking) => new(
        booking.Reference,
        booking.ParentName,
        booking.Email,
        booking.BabyFirstName,
        DateOnly.TryParseExact(booking.BabyDateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) ? born : null,
        booking.IsFreePlace,
        booking.BookingStatus == BookingStatus.Waitlisted,
        booking.WaitlistPosition)
    {
        Status = booking.BookingStatus,
        OfferExpiresUtc = booking.OfferExpiresUtc,
        CancellationReason = booking.CancellationReason is null ? null : Enum.Parse<CancellationReason>(booking.CancellationReason),
        CancelledFrom = booking.CancelledFrom is null ? null : Enum.Parse<BookingStatus>(booking.CancelledFrom),
        Payment = booking.ToPayment(),
    };
}
