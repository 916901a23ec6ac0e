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
public sealed record BusinessSettings(string DeclineSignposting, decimal DonationPercent, DateTimeOffset? UpdatedUtc);

/// <summary>As typed (strings), so a mistake can be shown again with a specific message.</summary>
public sealed record BusinessSettingsInput
{
    public string? DeclineSignposting { get; init; }
    public string? DonationPercent { get; init; }
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
public sealed record StoredSettings(string DeclineSignposting, string DonationPercent, DateTimeOffset UpdatedUtc);

/// <summary>The one stored row of the owner's settings.</summary>
public interface ISettingsRow
{
    Task<StoredSettings?> ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(StoredSettings settings, CancellationToken cancellationToken);
}
