using System.Globalization;
using System.Text;
using HappyBabyHive.FreePlaces;
using static HappyBabyHive.Web.Forms.FormFields;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>What a family typed on the free-place form, kept exactly, and what went wrong.</summary>
public sealed record FreePlaceFormState : FamilyFormState
{
    public string? ReferralSource { get; init; }
    public string? Note { get; init; }
    public bool ConsentToStore { get; init; }

    public FreePlaceRequest ToRequest() => new()
    {
        CourseId = CourseId,
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = BabyDateOfBirth,
        ReferralSource = ReferralSource,
        Note = Note,
        ConsentToStore = ConsentToStore,
        LeaveThisEmpty = LeaveThisEmpty,
    };

    public static FreePlaceFormState FromForm(IReadOnlyDictionary<string, string> form) => ReadFamily(
        new FreePlaceFormState
        {
            ReferralSource = Posted(form, FieldNames.ReferralSource),
            Note = Posted(form, FieldNames.Note),
            ConsentToStore = IsTicked(form, FieldNames.ConsentToStore),
            IdempotencyKey = IdempotencyKeyFrom(form),
        },
        form);
}

/// <summary>The words the free-place pages take from configuration, so they never promise what the app doesn't do.</summary>
public sealed record FreePlaceFormWording(string BusinessName, string CharityName, int NoteRetentionDays, string ReplyWithin);

/// <summary>
/// The free-place request form and its "thank you for asking" view. Families asking may be struggling: the words
/// never ask them to justify themselves, the note is optional, and what happens to their details is one plain sentence.
/// </summary>
public static class FreePlaceFormView
{
    public const string Title = "Ask for a free place";
    public const string ButtonText = "Send my request";
    public const string ConfirmationTitle = "Thank you for asking";
    public const string AnyCourseHeading = "Any suitable upcoming course";

    public const string ReusedKeyMessage =
        "You've already sent a request with this form. If you'd like to send another request with these details, check them and press Send my request again.";

    public const string CourseGoneMessage = "That course isn't available any more. Please choose another, or any suitable upcoming course.";

    public static readonly IReadOnlyList<string> FieldOrder =
    [
        FieldNames.CourseId, FieldNames.ParentName, FieldNames.Email, FieldNames.Phone, FieldNames.BabyFirstName, FieldNames.BabyDateOfBirth,
        FieldNames.ReferralSource, FieldNames.Note, FieldNames.ConsentToStore,
    ];

    /// <summary>The family's own words for each referral source (the owner's pages word them from her side).</summary>
    private static readonly (ReferralSource Source, string Label)[] ReferralChoices =
    [
        (ReferralSource.MindHullAndEastYorkshire, "Mind Hull and East Yorkshire"),
        (ReferralSource.HealthVisitor, "My health visitor"),
        (ReferralSource.GpOrMidwife, "My GP or midwife"),
        (ReferralSource.Self, "I found you myself"),
        (ReferralSource.Other, "Somewhere else"),
    ];

    /// <summary>The one sentence on privacy: who reads the request, and when the note is deleted.</summary>
    public static string PrivacySentence(FreePlaceFormWording wording) =>
        $"Your request is read only by {wording.BusinessName}, and any note you write is deleted {wording.NoteRetentionDays} days after we've decided.";

    /// <param name="courses">Courses taking bookings; a family may also choose "any suitable upcoming course".</param>
    public static string Render(IReadOnlyList<CourseChoice> courses, FreePlaceFormState state, DateOnly today, string apiPath, FreePlaceFormWording wording)
    {
        var html = new StringBuilder();
        html.Append(ErrorSummary(state, FieldOrder));
        var behaviour = new FormBehaviour("free-place", "free-place", apiPath,
            "We couldn't send your request. Please check your connection and try again; it won't be sent twice.", ReusedKeyMessage, CourseGoneMessage);
        html.Append(FormStart(behaviour, state.IdempotencyKey, "It takes about two minutes. Everything is required unless it says optional."));
        html.Append(CultureInfo.InvariantCulture, $"""
            <p>We keep free places on our courses for families who need them, working with {H(wording.CharityName)}. Asking is completely fine: you don't need to explain why or prove anything.</p>
            """);

        var anyCourse = CourseCards.Plain(state, FreePlaceRequestValidator.AnyCourse, AnyCourseHeading,
            "We'll find one that suits your baby's age.", state.CourseId == FreePlaceRequestValidator.AnyCourse, first: true);
        html.Append(RadioGroup(state, FieldNames.CourseId, "Which course would you like?", "If you're not sure, choose any suitable upcoming course.",
            anyCourse + CourseCards.Render(state, courses.Where(c => c.Bookable), state.CourseId, withPriceAndPlaces: false, firstTakesFieldId: false)));

        html.Append(FamilyFields.Render(state, today, new FamilyFieldHints(
            "We'll reply to you here.", "Only if you'd like us to be able to call you.", "So we can find a course that suits your baby's age.")));

        html.Append("<h2>A little more</h2>");
        var referrals = string.Join("\n", ReferralChoices.Select((choice, i) =>
            Radio(state, FieldNames.ReferralSource, choice.Source.ToString(), choice.Label, string.Equals(state.ReferralSource, choice.Source.ToString(), StringComparison.Ordinal), first: i == 0)));
        html.Append(RadioGroup(state, FieldNames.ReferralSource, "How did you hear about us?", null, referrals));
        html.Append(TextArea(state, FieldNames.Note, "Anything you'd like us to know (optional)", state.Note,
            $"You don't have to write anything. If it helps, you could tell us who suggested you ask, or what would make a course easier for you. Up to {FreePlaceRequestValidator.MaxNoteLength.ToString("N0", CultureInfo.InvariantCulture)} characters."));
        html.Append(Checkbox(state, FieldNames.ConsentToStore, state.ConsentToStore,
            H($"I'm happy for {wording.BusinessName} to keep my request so it can be considered"), PrivacySentence(wording)));
        html.Append(FormEnd(state, ButtonText, "Sending…"));
        html.Append(ConfirmationSection(null, null, hidden: true, wording));
        return html.ToString();
    }

    public static string RenderConfirmation(FreePlaceRequestCreatedResponse receipt, CourseChoice? course, FreePlaceFormWording wording) =>
        ConfirmationSection(receipt, course, hidden: false, wording);

    private static string ConfirmationSection(FreePlaceRequestCreatedResponse? receipt, CourseChoice? course, bool hidden, FreePlaceFormWording wording)
    {
        var courseLine = course?.Heading ?? receipt?.CourseTitle ?? (receipt is null ? null : AnyCourseHeading);
        var body = $"""
            <p data-slot="message">{H(receipt?.Message)}</p>
            <p>Your reference is<br><span class="reference" data-slot="reference">{H(receipt?.Reference)}</span></p>
            <dl>
            <dt>Course</dt><dd data-slot="course" data-json="courseTitle">{H(courseLine)}</dd>
            </dl>
            <h3>What happens next</h3>
            <ul>
            <li>We've emailed you a copy of your reference. If it hasn't arrived in a few minutes, please check your spam or junk folder.</li>
            <li>{H(wording.BusinessName)} reads every request personally and will reply by email {H(wording.ReplyWithin)}.</li>
            <li>If we can offer you a place, that reply will have all the dates. There's nothing to pay.</li>
            <li>If anything changes, just reply to our email and quote your reference.</li>
            </ul>
            """;
        return ResultCard("Your request", body, hidden, new Dictionary<string, string> { [string.Empty] = ConfirmationTitle });
    }
}
