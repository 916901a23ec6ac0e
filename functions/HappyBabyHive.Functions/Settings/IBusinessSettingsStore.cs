namespace HappyBabyHive.Settings;

/// <summary>
/// The settings the owner changes herself (console or admin API), stored in the app rather than in configuration.
/// Until she saves them, the configured defaults apply.
/// </summary>
public interface IBusinessSettingsStore
{
    Task<BusinessSettings> GetAsync(CancellationToken cancellationToken);

    Task<SettingsSaveOutcome> SaveAsync(BusinessSettingsInput input, CancellationToken cancellationToken);
}

/// <param name="DeclineSignposting">Plain text added to every free-place decline email: where to find support.</param>
/// <param name="DonationPercent">The share of each course fee given to the charity, 0–100, e.g. 10 or 12.5.</param>
public sealed record BusinessSettings(string DeclineSignposting, decimal DonationPercent, DateTimeOffset? UpdatedUtc)
{
    /// <summary>What happens to waiting families when she adds places to a course (offer by email, by default).</summary>
    public WaitlistFill WaitlistFill { get; init; } = WaitlistFill.Offer;

    /// <summary>
    /// Free places still unused this many days before a course starts become general places, offered to the waitlist.
    /// Null (the default): free places are kept for families who ask, right up to the start.
    /// </summary>
    public int? ReleaseFreePlacesDaysBefore { get; init; }

    /// <summary>
    /// The cancellation policy for paid places: a family who cancels up to this many days before the first session
    /// (UK wall clock) is refunded in full, later not at all. Seven by default.
    /// </summary>
    public int RefundDaysBefore { get; init; } = Courses.Refunds.RefundPolicy.DefaultDaysBefore;

    /// <summary>How families who pay by bank transfer or cash pay her; empty until she fills it in.</summary>
    public PaymentDetails PaymentDetails { get; init; } = PaymentDetails.None;
}

/// <summary>
/// The owner's details for families paying by bank transfer or cash, as the booking email shows them. Every part is
/// optional, but a bank transfer needs the sort code and account number together (the validator insists).
/// </summary>
/// <param name="AccountName">The name on the account, e.g. "Happy Baby Hive".</param>
/// <param name="BankName">e.g. "Starling Bank".</param>
/// <param name="SortCode">Six digits as "12-34-56".</param>
/// <param name="AccountNumber">Eight digits.</param>
/// <param name="ReferenceToQuote">What to put in the payment reference before the booking reference, e.g. "HBH"; the email adds the booking reference.</param>
/// <param name="Instructions">Anything else, in her words (cash at the first session, say).</param>
public sealed record PaymentDetails(string? AccountName, string? BankName, string? SortCode, string? AccountNumber, string? ReferenceToQuote, string? Instructions)
{
    public static PaymentDetails None { get; } = new(null, null, null, null, null, null);

    public bool HasBankAccount => SortCode is not null && AccountNumber is not null;

    public bool IsEmpty => !HasBankAccount && Instructions is null;
}

/// <summary>How places the owner adds to a course reach the families waiting for it. Stored by name, so never rename one.</summary>
public enum WaitlistFill
{
    /// <summary>The first families waiting are each offered a place by email and have a while to claim it, as when a family cancels.</summary>
    Offer,

    /// <summary>The first families waiting are booked in at once and emailed that they have a place (the behaviour before #15).</summary>
    BookStraightIn,
}

/// <summary>As typed (strings), so a mistake can be shown again with a specific message.</summary>
public sealed record BusinessSettingsInput
{
    public string? DeclineSignposting { get; init; }
    public string? DonationPercent { get; init; }

    /// <summary>"offer" or "book-straight-in"; missing means "offer".</summary>
    public string? WaitlistFill { get; init; }

    /// <summary>Whole days, 1–28, e.g. "7"; null (missing) means free places are never released early.</summary>
    public string? ReleaseFreePlacesDaysBefore { get; init; }

    /// <summary>Whole days, 0–60; missing means the default (7).</summary>
    public string? RefundDaysBefore { get; init; }

    public string? PaymentAccountName { get; init; }
    public string? PaymentBankName { get; init; }

    /// <summary>"12-34-56", "123456" or "12 34 56".</summary>
    public string? PaymentSortCode { get; init; }

    /// <summary>Eight digits (spaces allowed).</summary>
    public string? PaymentAccountNumber { get; init; }
    public string? PaymentReferenceToQuote { get; init; }
    public string? PaymentInstructions { get; init; }
}

public abstract record SettingsSaveOutcome
{
    private SettingsSaveOutcome()
    {
    }

    public sealed record Saved(BusinessSettings Settings) : SettingsSaveOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : SettingsSaveOutcome;
}

/// <summary>The settings as stored: the percentage stays invariant text ("12.5"), because Table storage has no decimal.</summary>
public sealed record StoredSettings(string DeclineSignposting, string DonationPercent, DateTimeOffset UpdatedUtc)
{
    /// <summary>A <see cref="Settings.WaitlistFill"/> name; null in rows saved before the setting existed.</summary>
    public string? WaitlistFill { get; init; }

    public int? ReleaseFreePlacesDaysBefore { get; init; }

    /// <summary>Null in rows saved before the setting existed (then the default).</summary>
    public int? RefundDaysBefore { get; init; }

    /// <summary>Stored already normalised by the validator (sort code "12-34-56", account number 8 digits).</summary>
    public PaymentDetails PaymentDetails { get; init; } = PaymentDetails.None;
}

/// <summary>The one stored row of the owner's settings.</summary>
public interface ISettingsRow
{
    Task<StoredSettings?> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(StoredSettings settings, CancellationToken cancellationToken);
}
