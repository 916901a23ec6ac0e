namespace HappyBabyHive.Pages.Review;

/// <summary>
/// The owner's review page for one free-place request: the request and its note, and either the forms to decide or
/// the decision already made.
/// </summary>
/// <param name="Problem">Why the last decision didn't go through, or null.</param>
/// <param name="Decision">The decision that stands, or null while the request waits.</param>
/// <param name="Decide">The approve and decline forms; null once decided.</param>
public sealed record ReviewModel(string? Problem, DecisionModel? Decision, RequestDetails Details, NoteModel Note, DecideModel? Decide);

/// <param name="Phone">Null when not given.</param>
/// <param name="Baby">"Ada, born 1 September 2026 (12 weeks old)".</param>
/// <param name="AskedFor">The course asked for, with its dates, or "Any suitable upcoming course".</param>
public sealed record RequestDetails(
    string ParentName, string Email, string? Phone, string Baby, string AskedFor, string HeardVia, string Received, string Reference);

/// <summary>The family's private note, or why there isn't one.</summary>
/// <param name="Text">The note, or null when none was written or it was deleted.</param>
/// <param name="PurgedOn">The day the note was deleted, or null.</param>
public sealed record NoteModel(string? Text, int RetentionDays, string? PurgedOn);

/// <summary>A decision: who decided what and when, and for an approval, the booking it made.</summary>
/// <param name="Already">True when it was decided before this page was opened (or on another device).</param>
/// <param name="When">"Monday 1 February 2027 at 10:15".</param>
/// <param name="Booking">The booking an approval made; null for a decline.</param>
public sealed record DecisionModel(bool Approved, bool Already, string When, bool ViaLink, BookingMade? Booking);

/// <param name="Course">The course's title (or id when the course is gone).</param>
/// <param name="GeneralPlace">A general place given free rather than one of the set-aside free places.</param>
public sealed record BookingMade(string Course, string Reference, bool GeneralPlace);

/// <summary>The approve form (a course choice, a "general place instead" box) and the decline form (an optional message).</summary>
/// <param name="Action">Where both forms post (relative to the page).</param>
/// <param name="Courses">Upcoming courses the baby is the right age for; empty means approve isn't possible now.</param>
/// <param name="SelectedCourseId">The course chosen to start with (the family's choice when it is suitable).</param>
/// <param name="Signposting">The support text the decline email adds after her message.</param>
public sealed record DecideModel(
    string Action,
    string TokenField,
    string Token,
    IReadOnlyList<ReviewCourse> Courses,
    string? SelectedCourseId,
    bool SuggestGeneralPlace,
    int MaxMessageLength,
    string Signposting)
{
    /// <summary>The form fields the review function reads, spelled once.</summary>
    public const string DecisionField = "decision";

    public const string CourseField = "courseId";

    public const string GeneralPlaceField = "useGeneralPlace";

    public const string MessageField = "message";
}

/// <param name="Places">"2 free places left · 8 general spaces left".</param>
public sealed record ReviewCourse(string Id, string Title, string Schedule, string Venue, string Places);
