using HappyBabyHive.Pages.Forms;

namespace HappyBabyHive.Pages.Website;

/// <summary>The booking form as the parent left it (kept exactly, so an error never loses anything) and what went wrong.</summary>
/// <param name="Courses">Upcoming courses; none shows "no courses open" instead of the form.</param>
/// <param name="IdempotencyKey">Made once per form load, so a double press, a resend or a refresh is never a second booking.</param>
/// <param name="TermsUrl">The business's booking terms (https, validated at start-up); when set, the terms box links to them.</param>
/// <param name="ConsentWording">The tips box's label: the wording whose version the booking records.</param>
public sealed record BookingFormModel(
    IReadOnlyList<CourseOption> Courses,
    string? CourseId,
    FamilyDetails Family,
    bool AcceptTerms,
    bool WellbeingTipsOptIn,
    string? LeaveThisEmpty,
    string IdempotencyKey,
    FormProblems Problems,
    DateOnly Today,
    string ApiPath,
    Uri? TermsUrl,
    string ConsentWording)
{
    /// <summary>The signed, time-stamped, one-use token the post must carry back (docs/abuse-resistance.md).</summary>
    public string? FormToken { get; init; }

    /// <summary>Card payments (Stripe Checkout) are on, so a paid place is paid by card unless the parent chooses otherwise.</summary>
    public bool CardPayments { get; init; }

    /// <summary>The parent's "how would you like to pay" choice as posted (<see cref="PayByCard"/> or <see cref="PayAnotherWay"/>), or null.</summary>
    public string? PaymentMethod { get; init; }

    /// <summary>The booking API's <c>paymentMethod</c> values (PaymentChoice in the functions project).</summary>
    public const string PayByCard = "card";

    public const string PayAnotherWay = "anotherWay";

    /// <summary>
    /// The pay-another-way choice is shown when card payments are on and some course on offer lets families pay by
    /// bank transfer or cash; with script it is hidden while the chosen course doesn't (forms.js).
    /// </summary>
    public bool OffersPaymentChoice => CardPayments && Courses.Any(c => c.PayAnotherWay && c.Bookable);
}

/// <summary>
/// The booking's result card: the reference, the course, and what happens next. Hidden and empty inside the form
/// (forms.js fills it after a fetch); shown on its own after a plain post.
/// </summary>
/// <param name="Waitlisted">The course was full: the words say "waitlist", not "booked".</param>
public sealed record BookingResultModel(bool Hidden, string? Message, string? Reference, string? Course, string? When, string? Venue, bool Waitlisted)
{
    public static BookingResultModel Empty { get; } = new(Hidden: true, null, null, null, null, null, Waitlisted: false);

    public string Title => Waitlisted ? "You're on the waitlist" : "You're booked";
}

/// <summary>Words the result cards share.</summary>
public static class ResultWords
{
    /// <summary>The usual last line of a result card, since a first email often lands in spam.</summary>
    public const string CheckSpam = "If it hasn't arrived in a few minutes, please check your spam or junk folder.";
}
