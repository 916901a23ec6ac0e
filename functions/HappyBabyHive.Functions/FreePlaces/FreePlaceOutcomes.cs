namespace HappyBabyHive.FreePlaces;

/// <summary>What a family is told after asking; the request id doubles as their reference.</summary>
public sealed record FreePlaceReceipt(string RequestId, string? CourseId, string? CourseTitle);

/// <summary>Every way a free-place request can end; the HTTP function maps each to one response.</summary>
public abstract record FreePlaceRequestOutcome
{
    private FreePlaceRequestOutcome()
    {
    }

    public sealed record Created(FreePlaceReceipt Receipt) : FreePlaceRequestOutcome;

    /// <summary>The same idempotency key arrived again with the same details: here is the original request.</summary>
    public sealed record Replayed(FreePlaceReceipt Receipt) : FreePlaceRequestOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : FreePlaceRequestOutcome;

    public sealed record CourseNotFound(string CourseId) : FreePlaceRequestOutcome;

    public sealed record CourseNotBookable(string Detail) : FreePlaceRequestOutcome;

    public sealed record IdempotencyKeyReused : FreePlaceRequestOutcome;

    /// <summary>A honeypot field was filled in: nothing is stored and nothing is sent.</summary>
    public sealed record Ignored : FreePlaceRequestOutcome;
}

/// <summary>A decision as the owner sees it afterwards: what, when, how, and (for an approval) where.</summary>
public sealed record DecisionSummary(
    FreePlaceStatus Status,
    DateTimeOffset DecidedUtc,
    DecisionRoute Via,
    string? CourseId,
    string? CourseTitle,
    string? BookingReference,
    PlaceKind? PlaceKind);

/// <summary>Every way an approval or a decline can end.</summary>
public abstract record DecisionOutcome
{
    private DecisionOutcome()
    {
    }

    public sealed record Approved(DecisionSummary Decision) : DecisionOutcome;

    public sealed record Declined(DecisionSummary Decision, string? Message = null) : DecisionOutcome;

    public sealed record RequestNotFound : DecisionOutcome;

    /// <summary>A decision is made once: this is the one already made.</summary>
    public sealed record AlreadyDecided(DecisionSummary Decision) : DecisionOutcome;

    /// <summary>Another approval of this request is running right now.</summary>
    public sealed record InProgress : DecisionOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : DecisionOutcome;

    public sealed record CourseNotFound(string CourseId) : DecisionOutcome;

    public sealed record CourseNotBookable(string CourseTitle, string Detail) : DecisionOutcome;

    /// <summary>Every set-aside free place is taken; a general place may still be given if the owner says so.</summary>
    public sealed record NoFreePlacesLeft(string CourseTitle, int GeneralSpacesLeft) : DecisionOutcome;

    public sealed record NoGeneralPlacesLeft(string CourseTitle) : DecisionOutcome;

    /// <summary>The family already has a place on that course (they booked it themselves, perhaps).</summary>
    public sealed record AlreadyBooked(string CourseTitle, string BookingReference) : DecisionOutcome;

    /// <summary>So many changes to the course at once that we gave up retrying; nothing was changed; safe to try again.</summary>
    public sealed record Busy : DecisionOutcome;
}
