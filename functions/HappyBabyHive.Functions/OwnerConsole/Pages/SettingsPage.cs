using System.Globalization;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Settings;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The settings the owner changes herself: the decline signposting text and the donation percentage.</summary>
public sealed class SettingsPage(ConsolePage page)
{
    public const string Title = "Settings";
    public const string SignpostingField = "declineSignposting";
    public const string DonationField = "donationPercent";

    private static readonly string[] FieldOrder = [SignpostingField, DonationField];

    public ContentResult Render(
        HttpRequest request, OwnerSession session, BusinessSettingsInput input, DateTimeOffset? updatedUtc,
        IReadOnlyDictionary<string, string[]>? errors = null, bool saved = false, int statusCode = StatusCodes.Status200OK)
    {
        errors ??= new Dictionary<string, string[]>();
        var flash = saved ? "<div class=\"flash\" role=\"status\"><p>Your settings are saved.</p></div>" : string.Empty;
        var changed = updatedUtc is { } when
            ? $"<p class=\"hint\">Last changed on {H(UkDateFormat.DayAndDate(when))} at {H(UkDateFormat.Clock(when))}.</p>"
            : "<p class=\"hint\">You haven't changed these yet, so the starting values are used.</p>";
        var signposting = FormHtml.Field(
            SignpostingField,
            "Where families can find support",
            $"<textarea id=\"{FormHtml.FieldId(SignpostingField)}\" name=\"{SignpostingField}\" rows=\"7\" maxlength=\"{BusinessSettingsInputValidator.MaxSignpostingLength.ToString(CultureInfo.InvariantCulture)}\"{FormHtml.Described(SignpostingField, errors, hasHint: true)}>{H(input.DeclineSignposting)}</textarea>",
            errors,
            "This goes at the end of every email declining a free place. Plain text.");
        var donation = FormHtml.Field(
            DonationField,
            "Percentage of each course fee donated to the charity",
            FormHtml.Input(DonationField, input.DonationPercent, errors, hasHint: true, extra: " inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\""),
            errors,
            "A number from 0 to 100, e.g. 10 or 12.5.");

        var body = $"""
            {flash}{FormHtml.ErrorSummary(errors, FieldOrder)}
            {changed}
            <form method="post" action="{H(ConsolePaths.Base(request))}/settings" novalidate>
            {ConsolePage.CsrfField(session)}
            {signposting}
            {donation}
            <button type="submit">Save settings</button>
            </form>
            """;
        return page.Render(request, session, ConsoleSection.Settings, Title, body, statusCode, errors.Count > 0 ? "Error: " + Title : null);
    }
}
