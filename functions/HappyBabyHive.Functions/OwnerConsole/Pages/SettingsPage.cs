using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Settings;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The settings the owner changes herself (<see cref="SettingsForm"/>): the decline signposting text and the donation percentage.</summary>
public sealed class SettingsPage(ConsolePage page)
{
    public const string Title = "Settings";

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
            BusinessSettingsInputValidator.MaxSignpostingLength);
        return page.RenderAsync<SettingsForm>(request, session, ConsoleSection.Settings, Title, model, statusCode, errors.Count > 0 ? "Error: " + Title : null);
    }
}
