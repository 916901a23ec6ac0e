using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Settings;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The settings the owner changes herself (<see cref="SettingsForm"/>): the decline signposting text, the donation
/// percentage, how added places reach the waitlist, and the early release of unused free places.
/// </summary>
public sealed class SettingsPage(ConsolePage page)
{
    public const string Title = "Settings";

    /// <summary>What the days field shows while the release is off: a week is the usual point a free place is unlikely to be asked for.</summary>
    public const string SuggestedReleaseDays = "7";

    public Task<ContentResult> RenderAsync(
        HttpRequest request, OwnerSession session, BusinessSettingsInput input, DateTimeOffset? updatedUtc,
        IReadOnlyDictionary<string, string[]>? errors = null, bool saved = false, int statusCode = StatusCodes.Status200OK)
    {
        errors ??= new Dictionary<string, string[]>();
        var model = new SettingsModel(
            ConsolePaths.Base(request) + "/settings",
            session.CsrfToken,
            input.DeclineSignposting,
            input.DonationPercent,
            updatedUtc is { } when ? $"{UkDateFormat.DayAndDate(when)} at {UkDateFormat.Clock(when)}" : null,
            saved,
            errors,
            BusinessSettingsInputValidator.MaxSignpostingLength)
        {
            WaitlistFill = BusinessSettingsInputValidator.TryParseWaitlistFill(input.WaitlistFill, out var fill)
                ? BusinessSettingsInputValidator.WaitlistFillValue(fill)
                : input.WaitlistFill,
            ReleaseFreePlaces = input.ReleaseFreePlacesDaysBefore is not null,
            PersonalDataUrl = ConsolePaths.PersonalData(request),
            ReleaseDays = input.ReleaseFreePlacesDaysBefore ?? SuggestedReleaseDays,
            Money = new Dictionary<string, string?>
            {
                [SettingsModel.RefundDaysField] = input.RefundDaysBefore,
                [SettingsModel.AccountNameField] = input.PaymentAccountName,
                [SettingsModel.BankNameField] = input.PaymentBankName,
                [SettingsModel.SortCodeField] = input.PaymentSortCode,
                [SettingsModel.AccountNumberField] = input.PaymentAccountNumber,
                [SettingsModel.ReferenceField] = input.PaymentReferenceToQuote,
                [SettingsModel.InstructionsField] = input.PaymentInstructions,
            },
        };
        return page.RenderAsync<SettingsForm>(request, session, ConsoleSection.Settings, Title, model, statusCode, errors.Count > 0 ? "Error: " + Title : null);
    }
}
