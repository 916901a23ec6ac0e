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
}

/// <summary>The one stored row of the owner's settings.</summary>
public interface ISettingsRow
{
    Task<StoredSettings?> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(StoredSettings settings, CancellationToken cancellationToken);
}
