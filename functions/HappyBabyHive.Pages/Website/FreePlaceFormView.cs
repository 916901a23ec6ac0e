using HappyBabyHive.Pages.Forms;

namespace HappyBabyHive.Pages.Website;

/// <summary>The words the free-place pages take from configuration, so they never promise what the app doesn't do.</summary>
public sealed record FreePlaceWording(string BusinessName, string CharityName, int NoteRetentionDays, string ReplyWithin)
{
    /// <summary>The one sentence on privacy: who reads the request, and when the note is deleted.</summary>
    public string PrivacySentence =>
        $"Your request is read only by {BusinessName}, and any note you write is deleted {NoteRetentionDays} days after we've decided.";
}

/// <summary>The free-place form as the family left it, and what went wrong.</summary>
/// <param name="Courses">Courses taking bookings; a family may also choose "any suitable upcoming course" (<paramref name="AnyCourseValue"/>).</param>
/// <param name="ReferralChoices">How a family may have heard of us, in their own words.</param>
/// <param name="MaxNoteLength">The note's limit, which the hint states.</param>
public sealed record FreePlaceFormModel(
    IReadOnlyList<CourseOption> Courses,
    string AnyCourseValue,
    string? CourseId,
    FamilyDetails Family,
    IReadOnlyList<RadioOption> ReferralChoices,
    string? ReferralSource,
    string? Note,
    int MaxNoteLength,
    bool ConsentToStore,
    string? LeaveThisEmpty,
    string IdempotencyKey,
    FormProblems Problems,
    DateOnly Today,
    string ApiPath,
    FreePlaceWording Wording)
{
    /// <summary>The signed, time-stamped, one-use token the post must carry back (docs/abuse-resistance.md).</summary>
    public string? FormToken { get; init; }
}

/// <summary>The "thank you for asking" card: the reference, the course, and when to expect a reply.</summary>
public sealed record FreePlaceResultModel(bool Hidden, string? Message, string? Reference, string? Course, FreePlaceWording Wording)
{
    public static FreePlaceResultModel Empty(FreePlaceWording wording) => new(Hidden: true, null, null, null, wording);
}
