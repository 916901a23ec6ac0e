using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;

namespace HappyBabyHive.Http;

/// <summary>
/// One family on a course's waitlist as the admin API shows it. <see cref="Status"/> is "waiting" (with its
/// <see cref="Position"/>), "offered" (with <see cref="OfferExpiresAt"/>, UK time), "lapsed" or "declined" (with
/// <see cref="EndedAt"/>).
/// </summary>
public sealed record WaitlistEntryResponse(
    string Reference, string ParentName, string BabyFirstName, string Status, int? Position, DateTimeOffset JoinedAt, DateTimeOffset? OfferExpiresAt, DateTimeOffset? EndedAt)
{
    public static WaitlistEntryResponse From(RegisterEntry e) => new(
        e.Reference,
        e.ParentName,
        e.BabyFirstName,
        StatusName(e),
        e.WaitlistPosition,
        UkTime.ToUk(e.BookedUtc),
        e.OfferExpiresUtc is { } until ? UkTime.ToUk(until) : null,
        e.EndedUtc is { } ended ? UkTime.ToUk(ended) : null);

    public static string StatusName(RegisterEntry e) => e switch
    {
        { Status: BookingStatus.Waitlisted } => "waiting",
        { Status: BookingStatus.Offered } => "offered",
        { EndedBecause: CancellationReason.OfferLapsed } => "lapsed",
        { EndedBecause: CancellationReason.OfferDeclined } => "declined",
        { Status: BookingStatus.Cancelled } => "cancelled",
        _ => "booked",
    };
}

/// <summary>GET manage/courses/{id}/waitlist: families waiting in order, then the places offered from the waitlist.</summary>
public sealed record WaitlistResponse(string CourseId, string CourseTitle, IReadOnlyList<WaitlistEntryResponse> Waiting, IReadOnlyList<WaitlistEntryResponse> Offers)
{
    public static WaitlistResponse From(CourseRegister register) => new(
        register.Course.Id,
        register.Course.Title,
        register.Waitlist.Select(WaitlistEntryResponse.From).ToList(),
        register.Offers.Select(WaitlistEntryResponse.From).ToList());
}

/// <summary>
/// The body of POST …/bookings/{reference}/cancel. <see cref="EmailFamily"/> defaults to true: the family hears from you.
/// <see cref="Refund"/> defaults to true: what the family paid is given back (false keeps it).
/// </summary>
public sealed record CancelBookingBody(bool? EmailFamily)
{
    public bool? Refund { get; init; }
}

/// <param name="OfferedTo">How many waiting families were offered the place it freed (0 or 1).</param>
/// <param name="AlreadyCancelled">True when it was cancelled before this request: nothing changed.</param>
public sealed record BookingCancelledResponse(string Reference, string CourseId, DateTimeOffset? CancelledAt, bool FamilyEmailed, int OfferedTo, bool AlreadyCancelled)
{
    /// <summary>What is being given back, in pence (0 when nothing: unpaid, free, or kept).</summary>
    public long RefundDuePence { get; init; }

    /// <summary>"card" (Stripe sends it; 5–10 days to arrive) or "by-hand" (you pay it back by bank transfer); null when nothing is due.</summary>
    public string? RefundBy { get; init; }

    public static BookingCancelledResponse From(Booking booking, string courseId, DateTimeOffset? cancelledAt, bool familyEmailed, int offeredTo, bool alreadyCancelled) =>
        new(booking.Reference, courseId, cancelledAt, familyEmailed, offeredTo, alreadyCancelled)
        {
            RefundDuePence = booking.Payment?.RefundDuePence ?? 0,
            RefundBy = booking.Payment is { RefundDuePence: > 0 } p ? (p.Method == PaymentMethod.Card ? "card" : "by-hand") : null,
        };
}

/// <summary>A booking's money, as the admin API shows it. Amounts in pence; times UK local.</summary>
/// <param name="Method">"card" or "another-way" (bank transfer or cash).</param>
/// <param name="State">"due", "paid", "part-refunded" or "refunded".</param>
/// <param name="Changed">False when it already stood so: nothing was written.</param>
public sealed record BookingPaymentResponse(
    string Reference, string CourseId, string Method, long AmountPence, string State, long PaidPence, DateTimeOffset? PaidAt, decimal? DonationPercent,
    long RefundDuePence, long RefundedPence, DateTimeOffset? RefundedAt, bool Changed)
{
    public static BookingPaymentResponse From(Booking booking, string courseId, bool changed)
    {
        var p = booking.Payment!;
        return new(booking.Reference, courseId, p.Method == PaymentMethod.Card ? "card" : "another-way", p.AmountPence,
            p.State switch { PaymentState.Paid => "paid", PaymentState.PartRefunded => "part-refunded", PaymentState.Refunded => "refunded", _ => "due" },
            p.PaidPence, p.PaidUtc is { } paid ? UkTime.ToUk(paid) : null, p.DonationPercent,
            p.RefundDuePence, p.RefundedPence, p.RefundedUtc is { } refunded ? UkTime.ToUk(refunded) : null, changed);
    }
}

/// <summary>The body of PUT …/bookings/{reference}/attendance/{session}.</summary>
public sealed record AttendanceBody(bool? Attended);

/// <param name="Changed">False when the booking already said so: nothing was written.</param>
public sealed record AttendanceResponse(string Reference, string CourseId, DateOnly Session, bool Attended, bool Changed, IReadOnlyList<DateOnly> AttendedSessions);

/// <summary>The body of POST …/bookings/{reference}/move.</summary>
public sealed record MoveBookingBody(string? ToCourseId);

/// <summary>A course a booking could move to.</summary>
public sealed record MoveChoiceResponse(string CourseId, string Title, string Schedule, string Venue, int GeneralSpacesLeft)
{
    public static MoveChoiceResponse From(Course c) =>
        new(c.Id, c.Title, UkDateFormat.ScheduleSummary(c.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList()), c.Venue, c.GeneralSpacesLeft);
}

/// <param name="AlreadyMoved">True when the family had already moved there: nothing changed.</param>
public sealed record BookingMovedResponse(string FromCourseId, string FromReference, string ToCourseId, string ToReference, bool AlreadyMoved)
{
    public static BookingMovedResponse From(TransferOutcome.Moved m) => new(m.FromCourse.Id, m.From.Reference, m.ToCourse.Id, m.To.Reference, false);

    public static BookingMovedResponse From(TransferOutcome.AlreadyMoved m) => new(m.FromCourse.Id, m.From.Reference, m.ToCourse.Id, m.To.Reference, true);
}

/// <summary>A published week: which tip, and how far its emails have got.</summary>
public sealed record PublishedTipResponse(string Week, string TipId, string Title, DateTimeOffset PublishedAt, int EmailsQueued, bool EmailsAllQueued)
{
    public static PublishedTipResponse From(WellbeingTips.PublishedWeek week) => new(
        week.Week.ToString(), week.Tip.TipId, week.Tip.Title, UkTime.ToUk(week.Tip.PublishedUtc), week.FanOut.Enqueued, week.FanOut.CompletedUtc is not null);
}

/// <summary>GET manage/tips/next: this week's publication (null until it goes out) and the next tip, with its email.</summary>
public sealed record NextTipResponse(
    string ThisWeek, PublishedTipResponse? Published, string NextWeek, string NextTipId, string NextTitle, string EmailSubject, string EmailHtml, string EmailText)
{
    public static NextTipResponse From(WellbeingTips.TipPreview preview, Email.EmailMessage email) => new(
        preview.ThisWeek.ToString(),
        preview.Published is { } published ? PublishedTipResponse.From(published) : null,
        preview.NextWeek.ToString(),
        preview.Next.Id,
        preview.Next.Title,
        email.Subject,
        email.HtmlBody,
        email.TextBody);
}
