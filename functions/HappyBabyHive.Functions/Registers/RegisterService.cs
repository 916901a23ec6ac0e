using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Registers;

/// <summary>Reads registers from the course partitions: every booking of a course lives beside the course row.</summary>
public sealed class RegisterService(TableServiceClient tables, ICourseStore courses, IOptions<StorageOptions> storage, TimeProvider time) : IRegisterService
{
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);

    public async Task<CourseRegister?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courses.FindAsync(courseId, cancellationToken);
        if (course is null)
        {
            return null;
        }

        var rows = await BookingRowsAsync(course.Id, null, cancellationToken);
        var booked = rows
            .Where(b => b.Status == nameof(BookingStatus.Confirmed))
            .OrderBy(b => b.CreatedUtc)
            .ThenBy(b => b.RowKey, StringComparer.Ordinal)
            .Select(b => Entry(b, course, null))
            .ToList();

        // Numbered by their order rather than trusting the stored positions, so the register always reads 1, 2, 3.
        var waitlist = rows
            .Where(b => b.Status == nameof(BookingStatus.Waitlisted))
            .OrderBy(b => b.WaitlistPosition ?? int.MaxValue)
            .ThenBy(b => b.CreatedUtc)
            .ThenBy(b => b.RowKey, StringComparer.Ordinal)
            .Select((b, i) => Entry(b, course, i + 1))
            .ToList();
        return new CourseRegister(course, booked, waitlist);
    }

    public async Task<IReadOnlyList<RecentBooking>> ListRecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var running = (await courses.ListAllAsync(cancellationToken))
            .Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now)
            .ToList();
        var perCourse = await Task.WhenAll(running.Select(async course =>
            (await BookingRowsAsync(course.Id, sinceUtc, cancellationToken))
                .Where(b => b.Status is nameof(BookingStatus.Confirmed) or nameof(BookingStatus.Waitlisted))
                .Select(b => new RecentBooking(course.Id, course.Title, b.Reference, b.ParentName, b.IsFreePlace, b.Status == nameof(BookingStatus.Waitlisted), b.CreatedUtc))));
        return perCourse.SelectMany(b => b).OrderByDescending(b => b.BookedUtc).ThenBy(b => b.Reference, StringComparer.Ordinal).ToList();
    }

    private async Task<List<BookingEntity>> BookingRowsAsync(string courseId, DateTimeOffset? sinceUtc, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var filter = sinceUtc is { } since
            ? TableClient.CreateQueryFilter<BookingEntity>(b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0 && b.CreatedUtc >= since)
            : TableClient.CreateQueryFilter<BookingEntity>(b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0);
        var rows = new List<BookingEntity>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static RegisterEntry Entry(BookingEntity booking, Course course, int? waitlistPosition)
    {
        var dateOfBirth = DateOnly.ParseExact(booking.BabyDateOfBirth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new RegisterEntry(
            booking.Reference,
            booking.ParentName,
            booking.Email,
            booking.Phone,
            booking.BabyFirstName,
            dateOfBirth,
            BabyAge.InWords(dateOfBirth, course.FirstSessionUkDate),
            booking.IsFreePlace,
            booking.CreatedUtc,
            waitlistPosition);
    }
}
