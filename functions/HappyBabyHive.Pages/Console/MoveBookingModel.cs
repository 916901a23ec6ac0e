namespace HappyBabyHive.Pages.Console;

/// <summary>Moving a family to another course of the same kind: the courses with space, one to choose.</summary>
/// <param name="PostUrl">Where the form posts (this page).</param>
/// <param name="Choices">Courses with a place free now; empty when there are none.</param>
public sealed record MoveBookingModel(
    string PostUrl,
    string RegisterUrl,
    string CsrfToken,
    string CourseTitle,
    string ParentName,
    string BabyFirstName,
    IReadOnlyList<MoveChoice> Choices,
    string? Selected,
    string? Problem)
{
    public const string ToCourseField = "toCourseId";
}

/// <param name="SpacesLeft">How many places are free, in words.</param>
public sealed record MoveChoice(string CourseId, string Title, string Schedule, string Venue, string SpacesLeft);
