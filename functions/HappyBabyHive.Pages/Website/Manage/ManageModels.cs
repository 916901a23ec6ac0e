namespace HappyBabyHive.Pages.Website.Manage;

/// <summary>
/// The names the manage and claim pages' forms post. Every form carries the signed link's token in a hidden field
/// (the token, never another field, says which booking), an action, and on the second step <see cref="Confirm"/>=yes.
/// </summary>
public static class ManageFields
{
    public const string Token = "token";
    public const string Action = "action";
    public const string Confirm = "confirm";
    public const string Yes = "yes";
    public const string Course = "courseId";
    public const string Phone = "phone";
    public const string Email = "email";

    public const string Cancel = "cancel";
    public const string Move = "move";
    public const string Contact = "contact";
    public const string Claim = "claim";
    public const string Decline = "decline";
    public const string Pay = "pay";
}

/// <summary>One thing the family can do from their booking page: a button that posts <see cref="Action"/> (the first step).</summary>
public sealed record ManageAction(string Action, string Label, string Hint, bool Secondary = false);

/// <summary>The manage-my-booking page: the booking, every date in UK time, the venue, the cancellation policy, and what they can do.</summary>
/// <param name="Status">Where the booking stands, in words (booked, number 2 on the waitlist, a place held until…, cancelled).</param>
/// <param name="Sessions">Every session, e.g. "Tuesday 2 February 2027, 10:00–11:00".</param>
/// <param name="Policy">The cancellation policy: the cut-off in words and as a UK date and time.</param>
public sealed record ManageBookingModel(
    string Token,
    string Reference,
    string Status,
    string BabyFirstName,
    string CourseTitle,
    IReadOnlyList<string> Sessions,
    string Venue,
    string VenueAddress,
    IReadOnlyList<string> Policy,
    IReadOnlyList<ManageAction> Actions,
    string Contact)
{
    /// <summary>While a place is held for them: the way to the claim page, where they take it or say no.</summary>
    public PageLink? Claim { get; init; }

    /// <summary>When a place held while they paid has gone: the way to book again (the booking form, this course chosen).</summary>
    public PageLink? BookAgain { get; init; }
}

/// <summary>"Are you sure?": what will happen, a button that posts the same action again with confirm=yes, and a way back.</summary>
/// <param name="Fields">Hidden fields carried to the second step besides token, action and confirm (say, the course to move to).</param>
public sealed record ConfirmActionModel(
    string Token,
    string Action,
    string Question,
    IReadOnlyList<string> Paragraphs,
    string ConfirmLabel,
    PageLink? Back,
    IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>A course the family could move to.</summary>
public sealed record MoveChoice(string CourseId, string Title, string When, string Venue);

public sealed record MoveChoicesModel(string Token, string CurrentCourse, IReadOnlyList<MoveChoice> Choices, PageLink Back, string? Error = null);

/// <summary>The contact form: the phone number (changes at once) and the email address (changes once confirmed).</summary>
/// <param name="PendingNote">Says a new address is waiting for its confirmation link, or null.</param>
public sealed record ContactFormModel(string Token, string? Phone, string? Email, string? PhoneError, string? EmailError, string? PendingNote, PageLink Back);

/// <summary>The claim page: the place offered, until when, and the two answers (each a POST).</summary>
public sealed record ClaimOfferModel(
    string Token,
    string BabyFirstName,
    string CourseTitle,
    IReadOnlyList<string> Sessions,
    string Venue,
    string VenueAddress,
    string HeldUntil)
{
    /// <summary>
    /// Card payments are on and the course lets families pay by bank transfer or cash: the claim form asks "How would
    /// you like to pay?", as the booking form does.
    /// </summary>
    public bool OffersPaymentChoice { get; init; }
}

/// <summary>What happened (or what to do about a problem), with an optional way on (back to the booking).</summary>
public sealed record ManageNoticeModel(string Card, IReadOnlyList<string> Paragraphs, bool Problem = false, PageLink? Link = null);
