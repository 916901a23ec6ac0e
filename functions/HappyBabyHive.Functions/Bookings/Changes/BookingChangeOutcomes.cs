using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>Who is changing a booking: the family (from their signed manage link) or the owner (console or admin API).</summary>
public enum ChangedBy
{
    Family,
    Owner,
}

/// <summary>What cancelling a booking came to.</summary>
public abstract record CancelOutcome
{
    /// <param name="OfferedTo">How many waiting families were offered the place it freed (0 or 1).</param>
    public sealed record Cancelled(Booking Booking, Course Course, int OfferedTo) : CancelOutcome;

    /// <summary>It was cancelled before (a second press, or an old tab): nothing changed.</summary>
    public sealed record AlreadyCancelled(Booking Booking, Course Course) : CancelOutcome;

    /// <summary>The family's cut-off has passed (<paramref name="CutOffUtc"/>); the owner can still cancel.</summary>
    public sealed record TooLate(Booking Booking, Course Course, DateTimeOffset CutOffUtc) : CancelOutcome;

    /// <summary>The course has already started or finished (or was cancelled by the owner), so there is nothing to cancel.</summary>
    public sealed record CourseOver(Booking Booking, Course Course) : CancelOutcome;

    /// <summary>A decline arrived for a place that is no longer on offer (already claimed, say): nothing changed.</summary>
    public sealed record NothingToDecline(Booking Booking, Course Course) : CancelOutcome;

    public sealed record NotFound : CancelOutcome;

    /// <summary>Too many other changes to the course at once: try again shortly (503).</summary>
    public sealed record Busy : CancelOutcome;
}

/// <summary>What claiming an offered place came to.</summary>
public abstract record ClaimOutcome
{
    public sealed record Claimed(Booking Booking, Course Course) : ClaimOutcome;

    /// <summary>The place is already theirs (a second press): nothing changed.</summary>
    public sealed record AlreadyClaimed(Booking Booking, Course Course) : ClaimOutcome;

    /// <summary>The offer ended (it lapsed, was declined, or the course started) and the place went on.</summary>
    public sealed record OfferEnded(Booking Booking, Course Course) : ClaimOutcome;

    /// <summary>The booking was never offered a place (still waiting, or booked all along).</summary>
    public sealed record NotOffered(Booking Booking, Course Course) : ClaimOutcome;

    public sealed record NotFound : ClaimOutcome;

    public sealed record Busy : ClaimOutcome;
}
