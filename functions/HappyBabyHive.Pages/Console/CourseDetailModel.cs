namespace HappyBabyHive.Pages.Console;

/// <summary>One course's console page: how full it is, its details and sessions, and what she can do with it.</summary>
/// <param name="Url">This page (the actions are below it: /edit, /duplicate, /cancel, /register).</param>
/// <param name="Flash">A note of what just happened (fixed wording), or null.</param>
/// <param name="Problem">Why the last action failed, or null.</param>
/// <param name="Price">The price in words (e.g. £60, or Free).</param>
/// <param name="Sessions">Each session's date and times, in words.</param>
public sealed record CourseDetailModel(
    string Url,
    string CsrfToken,
    string? Flash,
    string? Problem,
    string Kind,
    CourseTag Tag,
    CourseFill Fill,
    string Schedule,
    string Venue,
    string VenueAddress,
    string Price,
    string AgeDescription,
    int AgeFromWeeks,
    int AgeToWeeks,
    IReadOnlyList<string> Sessions,
    string Description)
{
    public bool Cancelled => Tag == CourseTag.Cancelled;
}
