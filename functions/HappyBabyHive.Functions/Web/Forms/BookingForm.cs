using System.Text;
using HappyBabyHive.Bookings;
using HappyBabyHive.WellbeingTips;
using static HappyBabyHive.Web.Forms.FormFields;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>What the parent typed on the booking form (kept exactly, so an error never loses anything) and what went wrong.</summary>
public sealed record BookingFormState : FamilyFormState
{
    public bool AcceptTerms { get; init; }
    public bool WellbeingTipsOptIn { get; init; }

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
    public static BookingFormState FromForm(IReadOnlyDictionary<string, string> form) => ReadFamily(
        new BookingFormState
        {
            AcceptTerms = IsTicked(form, FieldNames.AcceptTerms),
            WellbeingTipsOptIn = IsTicked(form, FieldNames.WellbeingTipsOptIn),
            IdempotencyKey = IdempotencyKeyFrom(form),
        },
        form);
}

/// <summary>
/// The booking form and its confirmation, as HTML fragments for <see cref="HtmlPage"/>, built from the shared
/// <see cref="FormFields"/>. The markup works as a plain form post; forms.js enhances the same markup.
/// </summary>
public static class BookingFormView
{
    public const string Title = "Book a course";
    public const string ButtonText = "Book my place";

    public const string ReusedKeyMessage =
        "You've already made a booking with this form. If you'd like to make another booking with these details, check them and press Book my place again.";

    public const string CourseGoneMessage = "That course isn't available any more. Please choose another.";

    /// <summary>The order fields appear in, which is also the order of the error summary.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
        [FieldNames.CourseId, FieldNames.ParentName, FieldNames.Email, FieldNames.Phone, FieldNames.BabyFirstName, FieldNames.BabyDateOfBirth, FieldNames.AcceptTerms];

    /// <param name="termsUrl">The business's booking terms (https, already validated); when set, the terms box links to them.</param>
    public static string Render(IReadOnlyList<CourseChoice> courses, BookingFormState state, DateOnly today, string apiPath, string? termsUrl = null)
    {
        var html = new StringBuilder();
        html.Append(ErrorSummary(state, FieldOrder));
        if (courses.Count == 0)
        {
            html.Append("<p>There are no courses open for booking just now. New dates are added regularly, so please look again soon.</p>");
            return html.ToString();
        }

        var behaviour = new FormBehaviour("booking", "booking", apiPath,
            "We couldn't send your details. Please check your connection and try again; you won't be booked twice.", ReusedKeyMessage, CourseGoneMessage);
        html.Append(FormStart(behaviour, state.IdempotencyKey, "It takes about two minutes. Everything is required unless it says optional."));
        html.Append(RadioGroup(state, FieldNames.CourseId, "Choose a course", "Prices are for the whole course.",
            CourseCards.Render(state, courses, state.CourseId, withPriceAndPlaces: true)));
        html.Append(FamilyFields.Render(state, today, new FamilyFieldHints(
            "We'll send your confirmation here.", "Only used if we need to reach you about a session.", "So we can check the course suits your baby's age.")));
        html.Append("<h2>Nearly done</h2>");
        html.Append(Checkbox(state, FieldNames.AcceptTerms, state.AcceptTerms, TermsLabel(termsUrl),
            "If you have any questions about the terms, please ask us before booking."));
        // The label is the consent wording the booking records (by version), so what the parent agreed to is on file.
        html.Append(Checkbox(state, FieldNames.WellbeingTipsOptIn, state.WellbeingTipsOptIn, H(ConsentWording.Text),
            "Optional: it makes no difference to your booking. We'll email you a link to confirm first."));
        html.Append(FormEnd(state, ButtonText, "Booking…"));
        html.Append(ConfirmationSection(null, null, hidden: true));
        return html.ToString();
    }

    /// <summary>The "you're booked" view: the reference, the course, and what happens next.</summary>
    public static string RenderConfirmation(BookingResponse booking, CourseChoice? course) =>
        ConfirmationSection(booking, course, hidden: false);

    public static string ConfirmationTitle(BookingResponse booking) =>
        booking.Status == "waitlisted" ? "You're on the waitlist" : "You're booked";

    private static string TermsLabel(string? termsUrl) => string.IsNullOrEmpty(termsUrl)
        ? "I accept the booking terms"
        : $"I accept the <a href=\"{H(termsUrl)}\" target=\"_blank\" rel=\"noopener\">booking terms (opens in a new tab)</a>";

    private static string ConfirmationSection(BookingResponse? booking, CourseChoice? course, bool hidden)
    {
        var waitlisted = booking?.Status == "waitlisted";
        var body = $"""
            <p data-slot="message">{H(booking?.Message)}</p>
            <p>Your booking reference is<br><span class="reference" data-slot="reference">{H(booking?.Reference)}</span></p>
            <dl>
            <dt>Course</dt><dd data-slot="course" data-json="courseTitle">{H(course?.Heading ?? booking?.CourseTitle)}</dd>
            <dt>When</dt><dd data-slot="when">{H(course?.When)}</dd>
            <dt>Where</dt><dd data-slot="venue">{H(course?.Venue)}</dd>
            </dl>
            <h3>What happens next</h3>
            <ul>
            <li data-hide-if-status="waitlisted"{(waitlisted ? " hidden" : string.Empty)}>A confirmation email is on its way, with every date and a calendar file you can add to your phone.</li>
            <li data-show-if-status="waitlisted"{(waitlisted ? string.Empty : " hidden")}>We've emailed you to say you're on the waitlist. If a place opens up, we'll email you straight away.</li>
            {CheckSpamHtml}
            <li>Keep your reference handy in case you need to contact us.</li>
            </ul>
            """;
        return ResultCard("Your booking", body, hidden, new Dictionary<string, string>
        {
            [string.Empty] = "You're booked",
            ["waitlisted"] = "You're on the waitlist",
        });
    }
}
