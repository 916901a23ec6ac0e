namespace HappyBabyHive.Pages.Console;

/// <summary>The confirmation before cancelling a course: who will be emailed, and an optional message to them.</summary>
/// <param name="Url">The course's page (the form posts to its /cancel).</param>
/// <param name="WhoIsEmailed">Who will be emailed, in words.</param>
/// <param name="Message">The message typed so far (kept when the page comes back with a problem).</param>
public sealed record CancelCourseModel(
    string Url, string CsrfToken, string Title, string Schedule, string Venue, string WhoIsEmailed, string? Message, string? Problem, int MaxMessageLength)
{
    /// <summary>The message's form field.</summary>
    public const string MessageField = "message";
}
