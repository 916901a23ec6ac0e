using System.Globalization;
using FluentValidation;
using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Settings;

/// <summary>
/// The owner's settings (one stored row, <see cref="ISettingsRow"/>), with the configured values as defaults until she first saves.
/// <para>
/// Saving is last-write-wins (a replace, stamped with <see cref="BusinessSettings.UpdatedUtc"/>) rather than
/// ETag-guarded: there is one owner, the two values are always saved together from one form, and the contract carries
/// no version to check against, so a lost race can only put back what she herself typed a moment earlier.
/// </para>
/// <para>
/// Reads are cached for <see cref="CacheFor"/> (per instance, by <see cref="TimeProvider"/>), because every email
/// reads them; a save refreshes this instance's cache at once and other instances within that time.
/// </para>
/// </summary>
public sealed class BusinessSettingsStore(
    ISettingsRow row,
    IValidator<BusinessSettingsInput> validator,
    IOptions<FreePlaceOptions> freePlaces,
    IOptions<BusinessOptions> business,
    TimeProvider time) : IBusinessSettingsStore
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private Cached? cached;

    public BusinessSettings Defaults => new(freePlaces.Value.DeclineSignposting, business.Value.DonationPercent, null);

    public async Task<BusinessSettings> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cached is { } hit && now < hit.ExpiresUtc)
        {
            return hit.Settings;
        }

        var stored = await row.ReadAsync(cancellationToken);
        var settings = stored is null ? Defaults : FromStored(stored);
        cached = new Cached(settings, now + CacheFor);
        return settings;
    }

    public async Task<SettingsSaveOutcome> SaveAsync(BusinessSettingsInput input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return new SettingsSaveOutcome.Invalid(validation.ToFieldErrors());
        }

        if (!BusinessSettingsInputValidator.TryParsePercent(input.DonationPercent, out var percent) ||
            !BusinessSettingsInputValidator.TryParseWaitlistFill(input.WaitlistFill, out var fill))
        {
            throw new InvalidOperationException("The validator has already accepted the percentage and the waitlist choice.");
        }

        var stored = new StoredSettings(
            FreeTextRules.Normalise(input.DeclineSignposting)!,
            percent.ToString("0.#", CultureInfo.InvariantCulture),
            time.GetUtcNow())
        {
            WaitlistFill = fill.ToString(),
            ReleaseFreePlacesDaysBefore = BusinessSettingsInputValidator.TryParseDays(input.ReleaseFreePlacesDaysBefore, out var days) ? days : null,
            RefundDaysBefore = BusinessSettingsInputValidator.TryParseDays(input.RefundDaysBefore, out var refundDays) ? refundDays : null,
            PaymentDetails = BusinessSettingsInputValidator.ParsePaymentDetails(input),
        };
        await row.WriteAsync(stored, cancellationToken);
        var settings = FromStored(stored);
        cached = new Cached(settings, stored.UpdatedUtc + CacheFor);
        return new SettingsSaveOutcome.Saved(settings);
    }

    private BusinessSettings FromStored(StoredSettings stored) => new(
        string.IsNullOrWhiteSpace(stored.DeclineSignposting) ? freePlaces.Value.DeclineSignposting : stored.DeclineSignposting,
        decimal.TryParse(stored.DonationPercent, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) ? percent : business.Value.DonationPercent,
        stored.UpdatedUtc)
    {
        // A row saved before these settings existed, or a name this version doesn't know: the safe defaults.
        WaitlistFill = Enum.TryParse<WaitlistFill>(stored.WaitlistFill, out var fill) && Enum.IsDefined(fill) ? fill : WaitlistFill.Offer,
        ReleaseFreePlacesDaysBefore = stored.ReleaseFreePlacesDaysBefore is >= 1 and <= BusinessSettingsInputValidator.MaxReleaseDays ? stored.ReleaseFreePlacesDaysBefore : null,
        RefundDaysBefore = stored.RefundDaysBefore is >= 0 and <= Courses.Refunds.RefundPolicy.MaxDaysBefore ? stored.RefundDaysBefore.Value : Courses.Refunds.RefundPolicy.DefaultDaysBefore,
        PaymentDetails = stored.PaymentDetails,
    };

    private sealed record Cached(BusinessSettings Settings, DateTimeOffset ExpiresUtc);
}
