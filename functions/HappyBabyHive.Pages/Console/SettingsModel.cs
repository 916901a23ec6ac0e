namespace HappyBabyHive.Pages.Console;

/// <summary>
/// The settings the owner changes herself: the decline signposting text, the donation percentage, how added places
/// reach the waitlist, and whether unused free places are released before a course starts.
/// </summary>
/// <param name="Action">Where the form posts.</param>
/// <param name="LastChanged">When she last saved them, in words; null while the starting values are used.</param>
/// <param name="Saved">Just saved: show a note saying so.</param>
/// <param name="Errors">Messages by field name.</param>
public sealed record SettingsModel(
    string Action,
    string CsrfToken,
    string? Signposting,
    string? DonationPercent,
    string? LastChanged,
    bool Saved,
    IReadOnlyDictionary<string, string[]> Errors,
    int MaxSignpostingLength)
{
    public const string SignpostingField = "declineSignposting";

    /// <summary>The export-and-erase page, linked below the form; null hides the link.</summary>
    public string? PersonalDataUrl { get; init; }

    public const string DonationField = "donationPercent";

    public const string WaitlistFillField = "waitlistFill";

    /// <summary>The box that turns the release on; the days field below it says when.</summary>
    public const string ReleaseField = "releaseFreePlaces";

    public const string ReleaseDaysField = "releaseFreePlacesDaysBefore";

    public const string OfferValue = "offer";

    public const string BookStraightInValue = "book-straight-in";

    public const string RefundDaysField = "refundDaysBefore";
    public const string AccountNameField = "paymentAccountName";
    public const string BankNameField = "paymentBankName";
    public const string SortCodeField = "paymentSortCode";
    public const string AccountNumberField = "paymentAccountNumber";
    public const string ReferenceField = "paymentReferenceToQuote";
    public const string InstructionsField = "paymentInstructions";

    /// <summary>The order the fields appear, which is also the error summary's order.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        SignpostingField, DonationField, WaitlistFillField, ReleaseDaysField, RefundDaysField,
        AccountNameField, BankNameField, SortCodeField, AccountNumberField, ReferenceField, InstructionsField,
    ];

    /// <summary>The money fields as typed, by field name (<see cref="RefundDaysField"/> and the payment details).</summary>
    public IReadOnlyDictionary<string, string?> Money { get; init; } = new Dictionary<string, string?>();

    /// <summary>"offer" or "book-straight-in" (<see cref="OfferValue"/>, <see cref="BookStraightInValue"/>).</summary>
    public string? WaitlistFill { get; init; } = OfferValue;

    public bool ReleaseFreePlaces { get; init; }

    /// <summary>As typed; shown (with a starting value) even while the release is off, so turning it on is one tick.</summary>
    public string? ReleaseDays { get; init; }
}
