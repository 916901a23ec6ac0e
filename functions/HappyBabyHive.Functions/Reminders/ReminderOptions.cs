using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Reminders;

/// <summary>
/// When families are reminded of their sessions. Configuration rather than an owner setting: the owner's settings are
/// one row saved whole from one console form, and these rarely change (docs/reminders.md says how to change them).
/// <para>
/// Every "before" is counted on the UK clock, not in elapsed hours: 48 hours before a 10:00 session is 10:00 two days
/// earlier, even when the clocks change in between (elapsed, it would be 09:00 or 11:00). See <see cref="ReminderSchedule"/>.
/// </para>
/// </summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>How long before the first session every booked family is reminded (48 hours by default).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "14.00:00:00")]
    public TimeSpan BeforeFirstSession { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Whether families are also reminded before each later session (off by default).</summary>
    public bool EachSession { get; set; }

    /// <summary>
    /// With <see cref="EachSession"/>: how long before each session after the first (24 hours by default). At most
    /// six days, so a weekly course's reminder never arrives before the session it follows.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "6.00:00:00")]
    public TimeSpan BeforeEachSession { get; set; } = TimeSpan.FromHours(24);
}
