using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// Adding or editing a course (<see cref="CourseEditor"/>): one column of labelled fields with native date and time
/// pickers, errors beside each field and in a summary that takes focus, and everything typed kept.
/// </summary>
public sealed class CourseFormPage(ConsolePage page)
{
    private static readonly IReadOnlyList<KindOption> Kinds =
        Enum.GetValues<CourseKind>().Select(k => new KindOption(k.ToString(), CourseText.Kind(k))).ToList();

    /// <param name="courseId">Null for a new course.</param>
    public Task<ContentResult> RenderAsync(
        HttpRequest request, OwnerSession session, string? courseId, CourseDetails details,
        IReadOnlyDictionary<string, string[]>? errors = null, string? message = null, int statusCode = StatusCodes.Status200OK)
    {
        var root = ConsolePaths.Base(request);
        var isNew = courseId is null;
        var title = isNew ? "Add a course" : "Change course details";
        var model = new CourseFormModel(
            isNew ? $"{root}/courses" : $"{root}/courses/{courseId}/edit",
            isNew ? $"{root}/courses" : $"{root}/courses/{courseId}",
            session.CsrfToken,
            isNew,
            isNew ? details.RequestKey : null,
            Values(details),
            Folded(errors ?? new Dictionary<string, string[]>()),
            message,
            Kinds);
        return page.RenderAsync<CourseEditor>(request, session, ConsoleSection.Courses, title, model, statusCode, model.HasProblems ? "Error: " + title : null);
    }

    private static CourseFormValues Values(CourseDetails d) => new(
        d.Kind, d.Title, d.Description, d.Venue, d.VenueAddress, d.FirstSessionDate, d.StartTime, d.EndTime, d.Weeks, d.SkipDates,
        d.Capacity, d.FreePlaces, d.Price, d.BabyAgeFromWeeks, d.BabyAgeToWeeks, d.BabyAgeDescription)
    {
        PayAnotherWayAllowed = d.PayAnotherWayAllowed ?? false,
    };

    // The service names an error about one entry of a list by its index ("skipDates[1]"); the form shows the list as
    // one field, so those messages go beside it, and the summary links to its first box.
    private static Dictionary<string, string[]> Folded(IReadOnlyDictionary<string, string[]> errors) =>
        errors.GroupBy(e => Root(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);

    private static string Root(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var root = bracket < 0 ? field : field[..bracket];
        return CourseFormFields.FieldOrder.Contains(root) ? root : field;
    }
}
