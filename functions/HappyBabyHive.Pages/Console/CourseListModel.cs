namespace HappyBabyHive.Pages.Console;

/// <summary>Every course: those upcoming or running first (soonest first), then finished and cancelled ones.</summary>
/// <param name="NewCourseUrl">The form to add a course.</param>
public sealed record CourseListModel(string NewCourseUrl, IReadOnlyList<CourseSummary> Current, IReadOnlyList<CourseSummary> Past);
