using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Registers;

/// <summary>Reads registers from the course partitions: every booking of a course lives beside the course row.</summary>
public sealed class RegisterService(ICoursePartitionStore partitions, ICourseStore courses, TimeProvider time) : IRegisterService
{
    public async Task<CourseRegister?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courses.FindAsync(courseId, cancellationToken);
        if (course is null)
        {
            return null;
        }

        var rows = await partitions.ListBookingsAsync(course.Id, null, cancellationToken);
        // A place held while the family pays by card is taken (the counters count it), so it is on the register.
        var booked = rows
            .Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.AwaitingPayment)
            .OrderBy(b => b.CreatedUtc)
            .ThenBy(b => b.Reference, StringComparer.Ordinal)
            .Select(b => Entry(b, course, null))
            .ToList();

        // Numbered by their order rather than trusting the stored positions, so the register always reads 1, 2, 3.
        var waitlist = rows
            .Where(b => b.Status == BookingStatus.Waitlisted)
            .OrderBy(b => b.WaitlistPosition ?? int.MaxValue)
            .ThenBy(b => b.CreatedUtc)
            .ThenBy(b => b.Reference, StringComparer.Ordinal)
            .Select((b, i) => Entry(b, course, i + 1))
            .ToList();
        var offers = rows
            .Where(b => b.Status == BookingStatus.Offered)
            .OrderBy(b => b.OfferExpiresUtc)
            .Concat(rows
                .Where(b => b is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.OfferLapsed or CancellationReason.OfferDeclined })
                .OrderByDescending(b => b.CancelledUtc))
            .Select(b => Entry(b, course, null))
            .ToList();
        var cancelledWithPayments = rows
            .Where(b => b is { Status: BookingStatus.Cancelled, Payment.PaidPence: > 0 })
            .OrderByDescending(b => b.CancelledUtc)
            .ThenBy(b => b.Reference, StringComparer.Ordinal)
            .Select(b => Entry(b, course, null))
            .ToList();
        return new CourseRegister(course, booked, waitlist) { Offers = offers, CancelledWithPayments = cancelledWithPayments };
    }

    public async Task<IReadOnlyList<RecentBooking>> ListRecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var running = (await courses.ListAllAsync(cancellationToken))
            .Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now)
            .ToList();
        var perCourse = await Task.WhenAll(running.Select(async course =>
            (await partitions.ListBookingsAsync(course.Id, sinceUtc, cancellationToken))
                .Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted)
                .Select(b => new RecentBooking(course.Id, course.Title, b.Reference, b.ParentName, b.IsFreePlace, b.Status == BookingStatus.Waitlisted, b.CreatedUtc))));
        return perCourse.SelectMany(b => b).OrderByDescending(b => b.BookedUtc).ThenBy(b => b.Reference, StringComparer.Ordinal).ToList();
    }

    public async Task<BookingFigures> FiguresAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken)
    {
        // A course cancelled as a whole still counts the single cancellations made before it; one that ended before
        // the window has nothing to count.
        var relevant = (await courses.ListAllAsync(cancellationToken)).Where(c => c.LastSessionEndsUtc > sinceUtc).ToList();
        var perCourse = await Task.WhenAll(relevant.Select(async course =>
        {
            var rows = await partitions.ListBookingsAsync(course.Id, null, cancellationToken);
            return new BookingFigures(
                rows.Count(b => b.Status == BookingStatus.Offered),
                rows.Count(b => b is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.ByFamily or CancellationReason.ByOwner } && b.CancelledUtc >= sinceUtc));
        }));
        return new BookingFigures(perCourse.Sum(f => f.OffersWaiting), perCourse.Sum(f => f.Cancelled));
    }

    public async Task<MoneyOwed> OwedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upcoming = (await courses.ListAllAsync(cancellationToken))
            .Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now)
            .ToList();
        var perCourse = await Task.WhenAll(upcoming.Select(async course =>
        {
            var owing = (await partitions.ListBookingsAsync(course.Id, null, cancellationToken))
                .Where(b => b is { Status: BookingStatus.Confirmed or BookingStatus.AwaitingPayment, IsFreePlace: false, Payment.OwedPence: > 0 })
                .ToList();
            return (Course: course, Owing: owing);
        }));
        var owingCourses = perCourse.Where(c => c.Owing.Count > 0).OrderBy(c => c.Course.FirstSessionStartsUtc).ToList();
        return new MoneyOwed(
            owingCourses.Sum(c => c.Owing.Sum(b => b.Payment!.OwedPence)),
            owingCourses.Sum(c => c.Owing.Count),
            owingCourses.Sum(c => c.Owing.Count(b => b.Status == BookingStatus.AwaitingPayment)),
            owingCourses.Select(c => new CourseOwed(c.Course.Id, c.Course.Title, c.Owing.Sum(b => b.Payment!.OwedPence), c.Owing.Count)).ToList());
    }

    private static RegisterEntry Entry(Booking booking, Course course, int? waitlistPosition) => new RegisterEntry(
        booking.Reference,
        booking.ParentName,
        booking.Email,
        booking.Phone,
        booking.BabyFirstName,
        booking.BabyDateOfBirth,
        BabyAge.InWords(booking.BabyDateOfBirth, course.FirstSessionUkDate),
        booking.IsFreePlace,
        booking.CreatedUtc,
        waitlistPosition)
    {
        Status = booking.Status,
        OfferExpiresUtc = booking.Status == BookingStatus.Offered ? booking.OfferExpiresUtc : null,
        EndedUtc = booking.Status == BookingStatus.Cancelled ? booking.CancelledUtc : null,
        EndedBecause = booking.Status == BookingStatus.Cancelled ? booking.CancellationReason : null,
        AttendedSessions = booking.AttendedSessions,
        Payment = booking.IsFreePlace ? null : booking.Payment,
    };
}
