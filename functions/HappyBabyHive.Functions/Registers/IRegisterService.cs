using HappyBabyHive.Courses;

namespace HappyBabyHive.Registers;

/// <summary>Who is coming: the register of one course, and the bookings made lately across courses.</summary>
public interface IRegisterService
{
    /// <summary>
    /// The course's booked families (confirmed and free places, and places held while a family pays by card, by booking
    /// time) and its waitlist in order; null if no such course.
    /// </summary>
    Task<CourseRegister?> GetAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Bookings and waitlist joins made at or after <paramref name="sinceUtc"/> on courses not yet finished, newest first.</summary>
    Task<IReadOnlyList<RecentBooking>> ListRecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken);

    /// <summary>Across courses not finished before <paramref name="sinceUtc"/>: offers of a place still open, and bookings cancelled since then.</summary>
    Task<BookingFigures> FiguresAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken);

    /// <summary>
    /// What is still owed on courses not cancelled and not finished: every live booking (confirmed, or holding a place
    /// while the family pays by card) that has a payment with nothing received yet, per course and in total.
    /// </summary>
    Task<MoneyOwed> OwedAsync(CancellationToken cancellationToken);
}

/// <param name="Pence">The sum of <see cref="BookingPayment.OwedPence"/> over those bookings.</param>
/// <param name="Families">How many bookings owe it.</param>
/// <param name="PayingByCardNow">Of those, how many are in Stripe Checkout right now (their place is released unless they pay).</param>
public sealed record MoneyOwed(long Pence, int Families, int PayingByCardNow, IReadOnlyList<CourseOwed> Courses)
{
    public static MoneyOwed None { get; } = new(0, 0, 0, []);
}

/// <summary>One course's share of <see cref="MoneyOwed"/>.</summary>
public sealed record CourseOwed(string CourseId, string CourseTitle, long Pence, int Families);

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

    /// <summary>Cancelled bookings that had money received (refunded, part refunded, or a refund still on its way), latest first.</summary>
    public IReadOnlyList<RegisterEntry> CancelledWithPayments { get; init; } = [];

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

    /// <summary>The money side of the place (null for a free place, a waitlist place, or a booking from before payments).</summary>
    public BookingPayment? Payment { get; init; }

    /// <summary>Where the family's money stands, in words (see <see cref="PaymentWords.Describe"/>).</summary>
    public string PaymentSummary => PaymentWords.Describe(IsFreePlace, Payment, Status);
}

public sealed record RecentBooking(string CourseId, string CourseTitle, string Reference, string ParentName, bool IsFreePlace, bool IsWaitlisted, DateTimeOffset BookedUtc);
