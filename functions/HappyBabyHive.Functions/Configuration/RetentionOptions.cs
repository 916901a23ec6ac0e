using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Configuration;

/// <summary>
/// How long personal data is kept (section "Retention"). Each period is applied by the daily retention timer and shown
/// on the privacy notice, so what the notice promises is what the timer does. docs/data-protection.md explains each.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Months after a course's last session before its bookings are anonymised (names, address, phone and baby's name
    /// replaced; status, kind of place, dates and amounts kept). 18 months covers a later question about a course, a
    /// refund or a complaint, and a year-end.
    /// </summary>
    [Range(1, 120)]
    public int BookingMonthsAfterCourseEnds { get; set; } = 18;

    /// <summary>Days a tips subscription may stay unconfirmed before it is deleted (the confirm link is long dead by then).</summary>
    [Range(1, 365)]
    public int UnconfirmedSubscriptionDays { get; set; } = 7;

    /// <summary>Days after unsubscribing before the subscriber's details and consent history are deleted.</summary>
    [Range(0, 3650)]
    public int UnsubscribedDetailsDays { get; set; } = 30;

    /// <summary>Days after the owner asked for a sign-in link before its rows (her address, its use) are deleted.</summary>
    [Range(1, 365)]
    public int SignInRowDays { get; set; } = 30;

    /// <summary>Days after a weekly tip was sent before its per-subscriber sent-marker is deleted.</summary>
    [Range(14, 3650)]
    public int TipSentMarkerDays { get; set; } = 365;
}
