using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Pages.Website;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web.Pages;

/// <summary>Builds the privacy notice's model from the configured business details and retention periods.</summary>
public sealed class PrivacyNoticePage(
    IOptions<BusinessOptions> business,
    IOptions<RetentionOptions> retention,
    IOptions<FreePlaceOptions> freePlaces,
    IOptions<EmailOptions> email,
    bool paymentsEnabled)
{
    /// <summary>Issue 16 (payments) adds this setting; until then, and whatever it holds, anything but "true" means off.</summary>
    public const string PaymentsEnabledSetting = "Payments:Enabled";

    public PrivacyNoticeModel Model()
    {
        var b = business.Value;
        var r = retention.Value;
        return new PrivacyNoticeModel(
            b.Name,
            b.OwnerEmail,
            b.CharityName,
            r.BookingMonthsAfterCourseEnds,
            freePlaces.Value.NoteRetentionDays,
            freePlaces.Value.UndecidedNoteRetentionDays,
            r.UnconfirmedSubscriptionDays,
            r.UnsubscribedDetailsDays,
            r.TipSentMarkerDays,
            email.Value.Provider == EmailProvider.Smtp ? "Our email provider" : "Azure Communication Services (Microsoft)",
            paymentsEnabled);
    }

    /// <summary>Read defensively: a missing, empty or mistyped value never breaks the notice.</summary>
    public static bool PaymentsEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[PaymentsEnabledSetting]?.Trim(), out var enabled) && enabled;
}

/// <summary>Where the privacy notice is, for links in emails (the forms link it relatively).</summary>
public static class PrivacyNoticeLink
{
    public const string Route = "privacy";

    public static Uri? For(BusinessOptions business) =>
        Uri.TryCreate($"{business.PublicBaseUrl.TrimEnd('/')}/api/{Route}", UriKind.Absolute, out var url) ? url : null;
}
