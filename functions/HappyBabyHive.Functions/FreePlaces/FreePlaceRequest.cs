using HappyBabyHive.Configuration;
using HappyBabyHive.Validation;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// What a family posts to ask for a free place. Every field is nullable so a missing field becomes a clear field
/// error (422) rather than a parse failure; the referral source is text for the same reason.
/// </summary>
public sealed record FreePlaceRequest : IHoneypotForm
{
    /// <summary>A course id, or <see cref="FreePlaceRequestValidator.AnyCourse"/> for "any suitable upcoming course".</summary>
    public string? CourseId { get; init; }
    public string? ParentName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? BabyFirstName { get; init; }

    /// <summary>ISO date, yyyy-MM-dd.</summary>
    public string? BabyDateOfBirth { get; init; }

    /// <summary>One of the <see cref="ReferralSource"/> names, e.g. "MindHullAndEastYorkshire".</summary>
    public string? ReferralSource { get; init; }

    /// <summary>Optional, at most 1,000 characters. Special-category data: never logged, never emailed, deleted after the decision.</summary>
    public string? Note { get; init; }

    public bool ConsentToStore { get; init; }

    /// <summary>Honeypot: hidden from people by the form, so only bots fill it in.</summary>
    public string? LeaveThisEmpty { get; init; }
}

public enum ReferralSource
{
    MindHullAndEastYorkshire,
    HealthVisitor,
    GpOrMidwife,
    Self,
    Other,
}

public enum FreePlaceStatus
{
    Pending,

    /// <summary>An approval holds the request while it books the place (see <see cref="FreePlaceOptions.ApprovalLease"/>).</summary>
    Approving,
    Approved,
    Declined,
}

/// <summary>Which route the owner decided by; kept for the audit trail.</summary>
public enum DecisionRoute
{
    Link,
    Api,
}

/// <summary>Which of the course's places an approval took.</summary>
public enum PlaceKind
{
    /// <summary>One of the places set aside for free places.</summary>
    Free,

    /// <summary>A general place, given free of charge because the owner chose to when the free places had run out.</summary>
    General,
}

public static class ReferralSources
{
    public static string Describe(ReferralSource source) => source switch
    {
        ReferralSource.MindHullAndEastYorkshire => "Mind Hull and East Yorkshire",
        ReferralSource.HealthVisitor => "A health visitor",
        ReferralSource.GpOrMidwife => "A GP or midwife",
        ReferralSource.Self => "They found us themselves",
        _ => "Other",
    };

    public static bool TryParse(string? value, out ReferralSource source) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out source) && Enum.IsDefined(source) && !int.TryParse(value, out _);
}
