using System.Globalization;
using System.Text;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>A course as the booking form shows it: everything already worded for people.</summary>
public sealed record CourseChoice(string Id, string Kind, string Title, string When, string Venue, string Price, string BabyAge, string Availability, bool Bookable)
{
    public static CourseChoice From(Course course, DateTimeOffset now) => new(
        course.Id,
        KindName(course.Kind),
        course.Title,
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList()),
        course.Venue,
        Money.Pounds(course.PricePence),
        course.BabyAge.Description,
        course switch
        {
            _ when !course.IsBookable(now) => "Not taking bookings",
            { GeneralSpacesLeft: 0 } => "Full: join the waitlist",
            { GeneralSpacesLeft: 1 } => "1 place left",
            _ => $"{course.GeneralSpacesLeft} places left",
        },
        course.IsBookable(now));

    public static string KindName(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage => "Baby massage",
        CourseKind.BabyYoga => "Baby yoga",
        _ => kind.ToString(),
    };
}

/// <summary>What the parent typed (kept exactly, so an error never loses anything) and what went wrong.</summary>
public sealed record BookingFormState
{
    public string? CourseId { get; init; }
    public string? ParentName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? BabyFirstName { get; init; }
    public string? BabyDateOfBirth { get; init; }
    public bool AcceptTerms { get; init; }
    public bool WellbeingTipsOptIn { get; init; }
    public string? LeaveThisEmpty { get; init; }

    /// <summary>Made once per form load and sent back with every attempt, so a resend is never a second booking.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Field errors keyed by the field's name (the API's camelCase names).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>A problem that belongs to no one field (busy, too many attempts), shown in the summary.</summary>
    public string? Message { get; init; }

    public bool HasProblems => Errors.Count > 0 || Message is not null;

    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    public BookingRequest ToRequest() => new()
    {
        CourseId = CourseId,
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = BabyDateOfBirth,
        AcceptTerms = AcceptTerms,
        WellbeingTipsOptIn = WellbeingTipsOptIn,
        LeaveThisEmpty = LeaveThisEmpty,
    };

    /// <summary>Reads a posted form; the names are the booking API's JSON names, so the script can send the same fields.</summary>
    public static BookingFormState FromForm(IReadOnlyDictionary<string, string> form) => new()
    {
        CourseId = Get(form, FieldNames.CourseId),
        ParentName = Get(form, FieldNames.ParentName),
        Email = Get(form, FieldNames.Email),
        Phone = Get(form, FieldNames.Phone),
        BabyFirstName = Get(form, FieldNames.BabyFirstName),
        BabyDateOfBirth = Get(form, FieldNames.BabyDateOfBirth),
        AcceptTerms = IsTicked(Get(form, FieldNames.AcceptTerms)),
        WellbeingTipsOptIn = IsTicked(Get(form, FieldNames.WellbeingTipsOptIn)),
        LeaveThisEmpty = Get(form, FieldNames.LeaveThisEmpty),
        IdempotencyKey = Get(form, FieldNames.IdempotencyKey) is { Length: > 0 and <= 100 } key ? key : NewIdempotencyKey(),
    };

    private static string? Get(IReadOnlyDictionary<string, string> form, string name) => form.TryGetValue(name, out var value) ? value : null;

    private static bool IsTicked(string? value) => value is "true" or "on";
}

public static class FieldNames
{
    public const string CourseId = "courseId";
    public const string ParentName = "parentName";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string BabyFirstName = "babyFirstName";
    public const string BabyDateOfBirth = "babyDateOfBirth";
    public const string AcceptTerms = "acceptTerms";
    public const string WellbeingTipsOptIn = "wellbeingTipsOptIn";
    public const string LeaveThisEmpty = "leaveThisEmpty";
    public const string IdempotencyKey = "idempotencyKey";

    /// <summary>The order fields appear in, which is also the order of the error summary.</summary>
    public static readonly IReadOnlyList<string> InOrder = [CourseId, ParentName, Email, Phone, BabyFirstName, BabyDateOfBirth, AcceptTerms];
}

/// <summary>
/// The booking form and its confirmation, as HTML fragments for <see cref="HtmlPage"/>. Every value that came from a
/// person or from storage goes through <see cref="HtmlPage.H"/>. The markup works as a plain form post; forms.js
/// enhances the same markup (it fills the same error slots and the same confirmation section).
/// </summary>
public static class BookingFormView
{
    public const string Title = "Book a course";

    public static string Render(IReadOnlyList<CourseChoice> courses, BookingFormState state, DateOnly today, string apiPath)
    {
        var html = new StringBuilder();
        html.Append(ErrorSummary(state));
        if (courses.Count == 0)
        {
            html.Append("<p>There are no courses open for booking just now. New dates are added regularly, so please look again soon.</p>");
            return html.ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="booking" novalidate data-enhance="booking" data-api="{H(apiPath)}">
            <p class="hint">It takes about two minutes. Everything is required unless it says optional.</p>
            <input type="hidden" name="{FieldNames.IdempotencyKey}" value="{H(state.IdempotencyKey)}">
            """);
        html.Append(CourseFieldset(courses, state));
        html.Append("<h2>About you</h2>");
        html.Append(TextField(state, FieldNames.ParentName, "Your name", state.ParentName, "text", "name", null));
        html.Append(TextField(state, FieldNames.Email, "Email address", state.Email, "email", "email", "We'll send your confirmation here.", extra: " spellcheck=\"false\" autocapitalize=\"off\""));
        html.Append(TextField(state, FieldNames.Phone, "Phone number (optional)", state.Phone, "tel", "tel", "Only used if we need to reach you about a session."));
        html.Append("<h2>About your baby</h2>");
        // Not autocomplete="given-name"/"bday": those would fill in the parent's own name and birthday.
        html.Append(TextField(state, FieldNames.BabyFirstName, "Baby's first name", state.BabyFirstName, "text", "off", null));
        html.Append(TextField(state, FieldNames.BabyDateOfBirth, "Baby's date of birth", state.BabyDateOfBirth, "date", "off",
            "So we can check the course suits your baby's age.", extra: $" max=\"{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\""));
        html.Append("<h2>Nearly done</h2>");
        html.Append(Checkbox(state, FieldNames.AcceptTerms, state.AcceptTerms,
            "I accept the booking terms", "If you have any questions about the terms, please ask us before booking."));
        html.Append(Checkbox(state, FieldNames.WellbeingTipsOptIn, state.WellbeingTipsOptIn,
            "Send me a short wellbeing tip by email each week (optional)", "Completely optional: it makes no difference to your booking."));
        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="visually-hidden" aria-hidden="true">
            <label for="f-{FieldNames.LeaveThisEmpty}">Leave this empty</label>
            <input id="f-{FieldNames.LeaveThisEmpty}" type="text" name="{FieldNames.LeaveThisEmpty}" value="{H(state.LeaveThisEmpty)}" tabindex="-1" autocomplete="off">
            </div>
            <button type="submit" data-sending-text="Booking…">Book my place</button>
            <p class="hint" role="status" aria-live="polite" data-status></p>
            </form>
            """);
        html.Append(ConfirmationSection(null, null, hidden: true));
        return html.ToString();
    }

    /// <summary>The "you're booked" view: the reference, the course, and what happens next.</summary>
    public static string RenderConfirmation(BookingResponse booking, CourseChoice? course) =>
        ConfirmationSection(booking, course, hidden: false);

    public static string ConfirmationTitle(BookingResponse booking) =>
        booking.Status == "waitlisted" ? "You're on the waitlist" : "You're booked";

    /// <summary>A honeypot hit: a calm page that tells a bot nothing.</summary>
    public const string ThanksHtml = "<p>Thank you. We've received your form.</p>";

    private static string ErrorSummary(BookingFormState state)
    {
        var items = new StringBuilder();
        foreach (var (field, messages) in state.Errors.OrderBy(e => FieldOrder(e.Key)))
        {
            foreach (var message in messages)
            {
                items.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{H(FieldId(field))}\">{H(message)}</a></li>");
            }
        }

        var message1 = state.Message is null ? string.Empty : H(state.Message);
        // autofocus moves focus here after a plain form post; forms.js focuses it itself after a fetch.
        var attributes = state.HasProblems ? " autofocus" : " hidden";
        return $"""
            <div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title"{attributes}>
            <h2 id="error-summary-title">There is a problem</h2>
            <p data-summary-message{(state.Message is null ? " hidden" : string.Empty)}>{message1}</p>
            <ul data-summary-list>{items}</ul>
            </div>
            """;
    }

    private static int FieldOrder(string field)
    {
        var index = FieldNames.InOrder.ToList().IndexOf(field);
        return index < 0 ? int.MaxValue : index;
    }

    public static string FieldId(string field) => "f-" + field;

    private static string ErrorId(string field) => field + "-error";

    private static string? FirstError(BookingFormState state, string field) =>
        state.Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    private static string ErrorSlot(string field, string? error) =>
        $"<p class=\"error\" id=\"{ErrorId(field)}\"{(error is null ? " hidden" : string.Empty)}><span class=\"visually-hidden\">Error: </span><span data-error-text>{H(error)}</span></p>";

    private static string DescribedBy(string field, string? hintId, string? error)
    {
        var ids = new[] { hintId, error is null ? null : ErrorId(field) }.Where(i => i is not null).ToList();
        return ids.Count == 0 ? string.Empty : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }

    private static string Invalid(string? error) => error is null ? string.Empty : " aria-invalid=\"true\"";

    private static string FieldClass(string? error) => error is null ? "field" : "field invalid";

    private static string CourseFieldset(IReadOnlyList<CourseChoice> courses, BookingFormState state)
    {
        var error = FirstError(state, FieldNames.CourseId);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <fieldset class="{FieldClass(error)}" data-field="{FieldNames.CourseId}" data-hint-id="courseId-hint"{DescribedBy(FieldNames.CourseId, "courseId-hint", error)}>
            <legend>Choose a course</legend>
            <p class="hint" id="courseId-hint">Prices are for the whole course.</p>
            {ErrorSlot(FieldNames.CourseId, error)}
            """);
        var first = true;
        foreach (var course in courses)
        {
            var id = first ? FieldId(FieldNames.CourseId) : $"{FieldId(FieldNames.CourseId)}-{H(course.Id)}";
            var isChecked = string.Equals(course.Id, state.CourseId, StringComparison.Ordinal) && course.Bookable ? " checked" : string.Empty;
            var disabled = course.Bookable ? string.Empty : " disabled";
            html.Append(CultureInfo.InvariantCulture, $"""
                <label class="course-option" for="{id}">
                <input type="radio" id="{id}" name="{FieldNames.CourseId}" value="{H(course.Id)}"{isChecked}{disabled}{Invalid(error)}>
                <span><span class="course-title">{H(course.Kind)}: {H(course.Title)}</span>
                <span class="course-meta" data-when>{H(course.When)}</span>
                <span class="course-meta"><span data-venue>{H(course.Venue)}</span> · {H(course.Price)}</span>
                <span class="course-meta">For babies {H(course.BabyAge)}</span>
                <span class="availability">{H(course.Availability)}</span></span>
                </label>
                """);
            first = false;
        }

        html.Append("</fieldset>");
        return html.ToString();
    }

    private static string TextField(BookingFormState state, string name, string label, string? value, string type, string autocomplete, string? hint, string extra = "")
    {
        var error = FirstError(state, name);
        var hintId = hint is null ? null : name + "-hint";
        var hintHtml = hint is null ? string.Empty : $"<p class=\"hint\" id=\"{hintId}\">{H(hint)}</p>";
        return $"""
            <div class="{FieldClass(error)}" data-field="{name}"{(hintId is null ? string.Empty : $" data-hint-id=\"{hintId}\"")}>
            <label for="{FieldId(name)}">{H(label)}</label>
            {hintHtml}
            {ErrorSlot(name, error)}
            <input id="{FieldId(name)}" name="{name}" type="{type}" value="{H(value)}" autocomplete="{autocomplete}"{DescribedBy(name, hintId, error)}{Invalid(error)}{extra}>
            </div>
            """;
    }

    private static string Checkbox(BookingFormState state, string name, bool isChecked, string label, string hint)
    {
        var error = FirstError(state, name);
        var hintId = name + "-hint";
        return $"""
            <div class="{FieldClass(error)}" data-field="{name}" data-hint-id="{hintId}">
            {ErrorSlot(name, error)}
            <label class="checkbox" for="{FieldId(name)}"><input id="{FieldId(name)}" name="{name}" type="checkbox" value="true"{(isChecked ? " checked" : string.Empty)}{DescribedBy(name, hintId, error)}{Invalid(error)}> <span>{H(label)}</span></label>
            <p class="hint" id="{hintId}">{H(hint)}</p>
            </div>
            """;
    }

    private static string ConfirmationSection(BookingResponse? booking, CourseChoice? course, bool hidden)
    {
        var waitlisted = booking?.Status == "waitlisted";
        var courseLine = course is null ? booking?.CourseTitle : $"{course.Kind}: {course.Title}";
        return $"""
            <section class="card status" id="confirmation" tabindex="-1" aria-labelledby="confirmation-title"{(hidden ? " hidden" : string.Empty)}>
            <h2 id="confirmation-title">Your booking</h2>
            <p data-slot="message">{H(booking?.Message)}</p>
            <p>Your booking reference is<br><span class="reference" data-slot="reference">{H(booking?.Reference)}</span></p>
            <dl>
            <dt>Course</dt><dd data-slot="course">{H(courseLine)}</dd>
            <dt>When</dt><dd data-slot="when">{H(course?.When)}</dd>
            <dt>Where</dt><dd data-slot="venue">{H(course?.Venue)}</dd>
            </dl>
            <h3>What happens next</h3>
            <ul>
            <li data-waitlisted="false"{(waitlisted ? " hidden" : string.Empty)}>A confirmation email is on its way, with every date and a calendar file you can add to your phone.</li>
            <li data-waitlisted="true"{(waitlisted ? string.Empty : " hidden")}>We've emailed you to say you're on the waitlist. If a place opens up, we'll email you straight away.</li>
            <li>If it hasn't arrived in a few minutes, please check your spam or junk folder.</li>
            <li>Keep your reference handy in case you need to contact us.</li>
            </ul>
            </section>
            """;
    }
}
