namespace HappyBabyHive.Pages.Website;

/// <summary>
/// What the privacy notice says, filled from the configured business details and retention periods, so the notice
/// always describes what the app actually does. Every text is plain text; the page encodes it.
/// </summary>
public sealed record PrivacyNoticeModel(
    string BusinessName,
    string OwnerEmail,
    string CharityName,
    int BookingMonthsAfterCourseEnds,
    int DecidedNoteDays,
    int UndecidedNoteDays,
    int UnconfirmedSubscriptionDays,
    int UnsubscribedDetailsDays,
    int TipSentMarkerDays,
    string EmailProcessor,
    bool PaymentsEnabled);
