namespace HappyBabyHive.Pages.Console;

/// <summary>Who is coming to a course: booked families, the waitlist in order, and the session dates.</summary>
/// <param name="CourseUrl">The course's console page (the CSV is at its /register/csv).</param>
/// <param name="Waitlist">In order of place in line.</param>
/// <param name="Sessions">Each session's date and times, in words.</param>
public sealed record RegisterModel(
    string CourseUrl,
    string Schedule,
    string Venue,
    int Capacity,
    IReadOnlyList<RegisterRow> Booked,
    IReadOnlyList<RegisterRow> Waitlist,
    IReadOnlyList<string> Sessions)
{
    /// <summary>A note after a change (a booking cancelled or moved), in fixed wording.</summary>
    public string? Flash { get; init; }

    /// <summary>Places offered from the waitlist: open offers first, then those that lapsed or were declined.</summary>
    public IReadOnlyList<OfferRow> Offers { get; init; } = [];

    /// <summary>Each session's attendance page, in the order of <see cref="Sessions"/>.</summary>
    public IReadOnlyList<SessionAttendanceLink> Attendance { get; init; } = [];

    /// <summary>Cancelled bookings that had money received, with where their refund stands, latest first.</summary>
    public IReadOnlyList<RefundRow> Refunds { get; init; } = [];
}

/// <param name="Payment">Where the money stands, in words, e.g. "Refunded £60.00".</param>
public sealed record RefundRow(string ParentName, string BabyFirstName, string Payment)
{
    /// <summary>The booking's payment page (where she marks a by-hand refund given back).</summary>
    public string? PaymentUrl { get; init; }
}

/// <param name="State">Where the offer stands, in words, e.g. "Offered a place until 14:30 on Tuesday 1 December".</param>
/// <param name="IsOpen">The offer is still waiting for the family's answer.</param>
public sealed record OfferRow(string ParentName, string BabyFirstName, string State, bool IsOpen);

/// <param name="Url">The session's attendance page.</param>
/// <param name="Present">How many families are ticked as there.</param>
public sealed record SessionAttendanceLink(string Session, string Url, int Present);

/// <param name="PlaceInLine">The waitlist position, for a waitlist row.</param>
/// <param name="Phone">Null or empty when not given.</param>
/// <param name="When">When they booked or joined, in words.</param>
public sealed record RegisterRow(
    int? PlaceInLine, string ParentName, string Email, string? Phone, string BabyFirstName, string AgeAtFirstSession, bool IsFreePlace, string When)
{
    /// <summary>The page that confirms cancelling this booking (or taking the family off the waitlist).</summary>
    public string? CancelUrl { get; init; }

    /// <summary>The page that moves this family to another course (booked places only).</summary>
    public string? MoveUrl { get; init; }

    /// <summary>Attendance so far in words, e.g. "2 of 5 sessions" (booked places only).</summary>
    public string? Attended { get; init; }

    /// <summary>Where the family's money stands, e.g. "Paid £60.00 on 3 Dec" or "Free place" (booked places only).</summary>
    public string? Payment { get; init; }

    /// <summary>The booking's payment page (mark paid, undo, mark refunded): the payment words link to it. Null for a
    /// place with no money side (a free place, the waitlist, a booking from before payments).</summary>
    public string? PaymentUrl { get; init; }

    /// <summary>Nothing received yet on a place that costs money: the row is marked so the owner's eye finds it.</summary>
    public bool Unpaid { get; init; }
}
