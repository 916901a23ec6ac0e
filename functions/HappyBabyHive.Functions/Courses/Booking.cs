namespace HappyBabyHive.Courses;

/// <summary>A family's place (or waitlist place) on a course, as the domain sees it; storage keeps the rest.</summary>
public sealed record Booking
{
    public required string Reference { get; init; }
    public required BookingStatus Status { get; init; }
    public int? WaitlistPosition { get; init; }
    public bool IsFreePlace { get; init; }
    public required string ParentName { get; init; }
    public required string Email { get; init; }
    public string? Phone { get; init; }
    public required string BabyFirstName { get; init; }
    public required DateOnly BabyDateOfBirth { get; init; }
    public DateTimeOffset TermsAcceptedUtc { get; init; }
    public bool WellbeingTipsOptIn { get; init; }
    public DateTimeOffset? WellbeingTipsOptInUtc { get; init; }

    /// <summary>The version of the tips consent wording the form showed (see WellbeingTips.ConsentWording).</summary>
    public string? WellbeingTipsConsentVersion { get; init; }

    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>When this family was offered a place from the waitlist (kept once claimed, so a second claim reads "already yours").</summary>
    public DateTimeOffset? OfferedUtc { get; init; }

    /// <summary>While <see cref="BookingStatus.Offered"/>: when the offer of a place ends unless claimed.</summary>
    public DateTimeOffset? OfferExpiresUtc { get; init; }

    /// <summary>When the booking was cancelled (or an offer lapsed), and why.</summary>
    public DateTimeOffset? CancelledUtc { get; init; }

    public CancellationReason? CancellationReason { get; init; }

    /// <summary>
    /// What the booking was when the family or the owner cancelled it (Confirmed, Waitlisted or Offered), so the
    /// cancellation email can say "you've left the waitlist" rather than "your place is cancelled". Null while live, for
    /// a lapsed offer (which was always Offered), and for bookings cancelled before this was recorded.
    /// </summary>
    public BookingStatus? CancelledFrom { get; init; }

    /// <summary>The booking this family moved here from, if they moved.</summary>
    public BookingKey? MovedFrom { get; init; }

    /// <summary>Once the family moved to another course: the booking they hold there.</summary>
    public BookingKey? MovedTo { get; init; }

    /// <summary>
    /// A new email address the family asked for from their manage page, waiting for them to click the link sent to it;
    /// <see cref="Email"/> changes only then, so a typo or someone else's address never takes over the booking's emails.
    /// </summary>
    public string? PendingEmail { get; init; }

    /// <summary>How many email changes this booking has asked for: numbers each confirmation (a newer link outdates an older one) and caps them.</summary>
    public int EmailChangeRequests { get; init; }

    /// <summary>
    /// The sessions the owner ticked this family as attending, by the session's UK date (a course meets at most once a
    /// day), in date order. A date, not a session number, so a tick stays on its day when the owner adds a skipped week.
    /// </summary>
    public IReadOnlyList<DateOnly> AttendedSessions { get; init; } = [];

    /// <summary>The money for a paid place (see <see cref="BookingPayment"/>); null for a free place or a family still waiting.</summary>
    public BookingPayment? Payment { get; init; }
}
