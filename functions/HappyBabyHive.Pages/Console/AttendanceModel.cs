namespace HappyBabyHive.Pages.Console;

/// <summary>One session's attendance: every booked family as a big button the owner taps as they arrive.</summary>
/// <param name="PostUrl">Where each tick posts (the page itself).</param>
/// <param name="Session">The session's date and times, in words.</param>
/// <param name="PreviousUrl">The previous session's page, if any.</param>
/// <param name="NextUrl">The next session's page, if any.</param>
/// <param name="Problem">Why the last tick didn't save, if it didn't.</param>
public sealed record AttendanceModel(
    string RegisterUrl,
    string PostUrl,
    string CsrfToken,
    string CourseTitle,
    string Session,
    IReadOnlyList<AttendanceRow> Families,
    string? PreviousUrl,
    string? NextUrl,
    string? Problem)
{
    public const string ReferenceField = "reference";

    /// <summary>"yes" to mark the family as there, "no" to undo: a state, so the same post twice changes nothing more.</summary>
    public const string AttendedField = "attended";

    public int Present => Families.Count(f => f.Attended);
}

/// <param name="Anchor">The row's id, so the page comes back to it after a tick.</param>
public sealed record AttendanceRow(string Reference, string Anchor, string ParentName, string BabyFirstName, bool Attended);
