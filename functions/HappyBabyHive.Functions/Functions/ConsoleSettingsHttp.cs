using System.Globalization;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The console's settings page (session required; the POST needs the CSRF token).</summary>
public sealed class ConsoleSettingsHttp(ConsoleGuard guard, IBusinessSettingsStore settings, SettingsPage page)
{
    [Function(nameof(ConsoleSettings))]
    public Task<IActionResult> ConsoleSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
        {
            var current = await settings.GetAsync(cancellationToken);
            return await page.RenderAsync(request, session, Input(current), current.UpdatedUtc, saved: request.Query["saved"] == "1");
        });

    [Function(nameof(ConsoleSaveSettings))]
    public Task<IActionResult> ConsoleSaveSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/settings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var input = new BusinessSettingsInput
            {
                DeclineSignposting = post.Form.GetValueOrDefault(SettingsModel.SignpostingField),
                DonationPercent = post.Form.GetValueOrDefault(SettingsModel.DonationField),
                WaitlistFill = post.Form.GetValueOrDefault(SettingsModel.WaitlistFillField),
                // Unticked: off, whatever the days field holds; ticked with the field empty: the validator asks for days.
                ReleaseFreePlacesDaysBefore = post.Form.GetValueOrDefault(SettingsModel.ReleaseField) == "true"
                    ? post.Form.GetValueOrDefault(SettingsModel.ReleaseDaysField) ?? string.Empty
                    : null,
                RefundDaysBefore = post.Form.GetValueOrDefault(SettingsModel.RefundDaysField),
                PaymentAccountName = post.Form.GetValueOrDefault(SettingsModel.AccountNameField),
                PaymentBankName = post.Form.GetValueOrDefault(SettingsModel.BankNameField),
                PaymentSortCode = post.Form.GetValueOrDefault(SettingsModel.SortCodeField),
                PaymentAccountNumber = post.Form.GetValueOrDefault(SettingsModel.AccountNumberField),
                PaymentReferenceToQuote = post.Form.GetValueOrDefault(SettingsModel.ReferenceField),
                PaymentInstructions = post.Form.GetValueOrDefault(SettingsModel.InstructionsField),
            };
            switch (await settings.SaveAsync(input, cancellationToken))
            {
                case SettingsSaveOutcome.Saved:
                    return ConsoleGuard.SeeOther(request, ConsolePaths.Base(request) + "/settings?saved=1");
                case SettingsSaveOutcome.Invalid invalid:
                    var current = await settings.GetAsync(cancellationToken);
                    return await page.RenderAsync(request, post.Session, input, current.UpdatedUtc, invalid.Errors, statusCode: StatusCodes.Status422UnprocessableEntity);
                case var other:
                    throw new InvalidOperationException($"Unhandled settings outcome {other.GetType().Name}.");
            }
        }, cancellationToken);

    private static BusinessSettingsInput Input(BusinessSettings current) => new()
    {
        DeclineSignposting = current.DeclineSignposting,
        DonationPercent = current.DonationPercent.ToString("0.##", CultureInfo.InvariantCulture),
        WaitlistFill = BusinessSettingsInputValidator.WaitlistFillValue(current.WaitlistFill),
        ReleaseFreePlacesDaysBefore = current.ReleaseFreePlacesDaysBefore?.ToString(CultureInfo.InvariantCulture),
        RefundDaysBefore = current.RefundDaysBefore.ToString(CultureInfo.InvariantCulture),
        PaymentAccountName = current.PaymentDetails.AccountName,
        PaymentBankName = current.PaymentDetails.BankName,
        PaymentSortCode = current.PaymentDetails.SortCode,
        PaymentAccountNumber = current.PaymentDetails.AccountNumber,
        PaymentReferenceToQuote = current.PaymentDetails.ReferenceToQuote,
        PaymentInstructions = current.PaymentDetails.Instructions,
    };
}
