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
}
