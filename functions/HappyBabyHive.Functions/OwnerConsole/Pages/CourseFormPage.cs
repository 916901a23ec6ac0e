using System.Globalization;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.OwnerConsole.Pages.CourseForm;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// Adding or editing a course: one column of labelled fields with native date and time pickers, errors beside each
/// field and in a summary that takes focus, and everything typed kept when something needs fixing.
/// </summary>
public sealed class CourseFormPage(ConsolePage page)
{
    /// <param name="courseId">Null for a new course.</param>
    public ContentResult Render(
        HttpRequest request, OwnerSession session, string? courseId, CourseDetails details,
        IReadOnlyDictionary<string, string[]>? errors = null, string? message = null, int statusCode = StatusCodes.Status200OK)
    {
        errors ??= new Dictionary<string, string[]>();
        var root = ConsolePaths.Base(request);
        var title = courseId is null ? "Add a course" : "Change course details";
        var action = courseId is null ? $"{root}/courses" : $"{root}/courses/{courseId}/edit";
        var cancel = courseId is null ? $"{root}/courses" : $"{root}/courses/{courseId}";

        var body = new StringBuilder()
            .Append(FormHtml.ErrorSummary(errors, FieldOrder, message))
            .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{H(action)}\" novalidate>")
            .Append(ConsolePage.CsrfField(session))
            .Append(courseId is null && details.RequestKey is { } key ? $"<input type=\"hidden\" name=\"{RequestKey}\" value=\"{H(key)}\">" : string.Empty)
            .Append(FormHtml.Field(Kind, "Kind of course", KindSelect(details.Kind, errors), errors))
            .Append(FormHtml.Field(Title, "Title", FormHtml.Input(Title, details.Title, errors, hasHint: true, extra: " maxlength=\"120\""), errors, "What parents see, e.g. Baby Massage for Little Ones."))
            .Append(FormHtml.Field(Description, "Description", $"<textarea id=\"{FormHtml.FieldId(Description)}\" name=\"{Description}\" rows=\"5\"{FormHtml.Described(Description, errors, hasHint: false)}>{H(details.Description)}</textarea>", errors))
            .Append(FormHtml.Field(Venue, "Venue", FormHtml.Input(Venue, details.Venue, errors, hasHint: true), errors, "e.g. The Hive Room, Cottingham"))
            .Append(FormHtml.Field(VenueAddress, "Venue address", FormHtml.Input(VenueAddress, details.VenueAddress, errors, hasHint: false, extra: " autocomplete=\"off\""), errors))
            .Append(FormHtml.Field(FirstSessionDate, "Date of the first session", FormHtml.Input(FirstSessionDate, details.FirstSessionDate, errors, hasHint: false, type: "date"), errors))
            .Append("<div class=\"row\">")
            .Append(FormHtml.Field(StartTime, "Starts at", FormHtml.Input(StartTime, details.StartTime, errors, hasHint: false, type: "time"), errors))
            .Append(FormHtml.Field(EndTime, "Ends at", FormHtml.Input(EndTime, details.EndTime, errors, hasHint: false, type: "time"), errors))
            .Append("</div>")
            .Append(FormHtml.Field(Weeks, "Number of weekly sessions", FormHtml.Input(Weeks, details.Weeks, errors, hasHint: false, type: "number", extra: " min=\"1\" max=\"52\" inputmode=\"numeric\""), errors))
            .Append(SkipDatesFieldset(details.SkipDates, errors))
            .Append("<div class=\"row\">")
            .Append(FormHtml.Field(Capacity, "Places in total", FormHtml.Input(Capacity, details.Capacity, errors, hasHint: false, type: "number", extra: " min=\"1\" inputmode=\"numeric\""), errors))
            .Append(FormHtml.Field(CourseForm.FreePlaces, "Free places set aside", FormHtml.Input(CourseForm.FreePlaces, details.FreePlaces, errors, hasHint: true, type: "number", extra: " min=\"0\" inputmode=\"numeric\""), errors, "Out of the total."))
            .Append("</div>")
            .Append(FormHtml.Field(Price, "Price for the whole course, in pounds", FormHtml.Input(Price, details.Price, errors, hasHint: true, extra: " inputmode=\"decimal\" autocomplete=\"off\""), errors, "e.g. 60 or 59.50"))
            .Append("<div class=\"row\">")
            .Append(FormHtml.Field(BabyAgeFromWeeks, "Youngest baby, in weeks", FormHtml.Input(BabyAgeFromWeeks, details.BabyAgeFromWeeks, errors, hasHint: false, type: "number", extra: " min=\"0\" inputmode=\"numeric\""), errors))
            .Append(FormHtml.Field(BabyAgeToWeeks, "Oldest baby, in weeks", FormHtml.Input(BabyAgeToWeeks, details.BabyAgeToWeeks, errors, hasHint: false, type: "number", extra: " min=\"0\" inputmode=\"numeric\""), errors))
            .Append("</div>")
            .Append(FormHtml.Field(BabyAgeDescription, "The age range in words", FormHtml.Input(BabyAgeDescription, details.BabyAgeDescription, errors, hasHint: true), errors, "How parents will read it, e.g. 6 weeks to not yet crawling."))
            .Append("<div class=\"actions\">")
            .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{(courseId is null ? "Add the course" : "Save changes")}</button>")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{H(cancel)}\">Go back without saving</a>")
            .Append("</div></form>");
        var hasProblems = errors.Count > 0 || message is not null;
        return page.Render(request, session, ConsoleSection.Courses, title, body.ToString(), statusCode, hasProblems ? "Error: " + title : null);
    }

    private static string KindSelect(string? kind, IReadOnlyDictionary<string, string[]> errors)
    {
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<select id=\"{FormHtml.FieldId(Kind)}\" name=\"{Kind}\"{FormHtml.Described(Kind, errors, hasHint: false)}>");
        foreach (var option in Enum.GetValues<CourseKind>())
        {
            var selected = string.Equals(kind, option.ToString(), StringComparison.Ordinal) ? " selected" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{selected}>{H(CourseText.Kind(option))}</option>");
        }

        return html.Append("</select>").ToString();
    }

    private static string SkipDatesFieldset(IReadOnlyList<string> skipDates, IReadOnlyDictionary<string, string[]> errors)
    {
        var messages = errors.Where(e => e.Key == SkipDates || e.Key.StartsWith(SkipDates + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();
        var hintId = FormHtml.FieldId(SkipDates) + "-hint";
        var errorId = FormHtml.FieldId(SkipDates) + "-error";
        var describedBy = messages.Count > 0 ? $"{hintId} {errorId}" : hintId;
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<fieldset class=\"field{(messages.Count > 0 ? " invalid" : string.Empty)}\" aria-describedby=\"{describedBy}\">")
            .Append("<legend>Weeks with no session (optional)</legend>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{hintId}\">For example a bank holiday. The course runs a week longer instead.</p>");
        if (messages.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" id=\"{errorId}\"><span class=\"visually-hidden\">Error: </span>{H(string.Join(' ', messages))}</p>");
        }

        for (var i = 0; i < SkipDateInputs; i++)
        {
            // The first input carries the field's own id, so the error summary's link lands on it.
            var id = i == 0 ? FormHtml.FieldId(SkipDates) : FormHtml.FieldId(SkipDateField(i));
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\" class=\"visually-hidden\">Week with no session {i + 1}</label>")
                .Append(CultureInfo.InvariantCulture, $"<input id=\"{id}\" name=\"{SkipDateField(i)}\" type=\"date\" value=\"{H(i < skipDates.Count ? skipDates[i] : null)}\">");
        }

        return html.Append("</fieldset>").ToString();
    }
}
