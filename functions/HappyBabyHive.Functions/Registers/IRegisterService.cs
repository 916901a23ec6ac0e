using HappyBabyHive.Courses;

namespace HappyBabyHive.Registers;

/// <summary>Who is coming: the register of one course, and the bookings made lately across courses.</summary>
public interface IRegisterService
{
    /// <summary>The course's booked families (confirmed and free places, by booking time) and its waitlist in order; null if no such course.</summary>
    Task<CourseRegister?> GetAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Bookings and waitlist joins made at or after <paramref name="sinceUtc"/> on courses not yet finished, newest first.</summary>
    Task<IReadOnlyList<RecentBooking>> ListRecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken);

    /// <summary>Across courses not finished before <paramref name="sinceUtc"/>: offers of a place still open, and bookings cancelled since then.</summary>
    Task<BookingFigures> FiguresAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken);
}

/// <param name="OffersWaiting">Places offered from a waitlist that the family hasn't yet claimed or turned down.</param>
/// <param name="Cancelled">Bookings and waitlist places cancelled (by the family or the owner) since the time asked for; offers that lapsed or were declined don't count.</param>
public sealed record BookingFigures(int OffersWaiting, int Cancelled);

public sealed record CourseRegister(Course Course, IReadOnlyList<RegisterEntry> Booked, IReadOnlyList<RegisterEntry> Waitlist)
{
    /// <summary>
    /// Families offered a place from the waitlist: offers still open (soonest to end first), then offers that ended
    /// unclaimed (lapsed or declined; latest first), so the owner can see where each freed place went.
    /// </summary>
    public IReadOnlyList<RegisterEntry> Offers { get; init; } = [];

    /// <summary>The UK dates of the course's sessions, in order: what attendance is kept against.</summary>
    public IReadOnlyList<DateOnly> SessionDates => AttendanceService.SessionDates(Course);
}

/// <summary>One family on the register. <see cref="BabyAgeAtFirstSession"/> is in words, e.g. "14 weeks".</summary>
public sealed record RegisterEntry(
    string Reference,
    string ParentName,
    string Email,
    string? Phone,
    string BabyFirstName,
    DateOnly BabyDateOfBirth,
    string BabyAgeAtFirstSession,
    bool IsFreePlace,
    DateTimeOffset BookedUtc,
    int? WaitlistPosition)
{
    public BookingStatus Status { get; init; } = WaitlistPosition is null ? BookingStatus.Confirmed : BookingStatus.Waitlisted;

    /// <summary>While offered a place: when the offer ends unless claimed.</summary>
    public DateTimeOffset? OfferExpiresUtc { get; init; }

    /// <summary>For an offer that ended unclaimed: when, and whether it lapsed or was declined.</summary>
    public DateTimeOffset? EndedUtc { get; init; }

    public CancellationReason? EndedBecause { get; init; }

    /// <summary>The UK dates of the sessions the family was ticked as attending.</summary>
    public IReadOnlyList<DateOnly> AttendedSessions { get; init; } = [];
}

public sealed record RecentBooking(string CourseId, string CourseTitle, string Reference, string ParentName, bool IsFreePlace, bool IsWaitlisted, DateTimeOffset BookedUtc);
