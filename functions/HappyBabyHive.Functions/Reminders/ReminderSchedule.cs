using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.Reminders;

/// <summary>One reminder a course owes each booked family: which session (1 is the first) and when it is due.</summary>
public sealed record ScheduledReminder(int SessionNumber, CourseSession Session, DateTimeOffset DueUtc)
{
    public bool IsFirstSession => SessionNumber == 1;

    /// <summary>The outbox template: one per session, so each booking is owed one reminder per session.</summary>
    public string Template => ReminderTemplates.For(Session.StartsUtc);

    /// <summary>Due at <paramref name="now"/>, and its session not yet begun: a late run catches up, a session that started gets none.</summary>
    public bool IsDueAt(DateTimeOffset now) => DueUtc <= now && now < Session.StartsUtc;
}

/// <summary>When a course's reminders are due.</summary>
public static class ReminderSchedule
{
    /// <summary>
    /// <paramref name="before"/> a session, on the UK clock: the session's UK wall-clock time minus the span, turned
    /// back into an instant. So 48 hours before a 10:00 session is 10:00 two days earlier across both clock changes
    /// (47 or 49 elapsed hours that weekend), which is what a family expects of "two days before". A result inside
    /// the spring-forward gap moves forward by the gap; an ambiguous autumn time takes its first (BST) occurrence.
    /// </summary>
    public static DateTimeOffset DueUtc(DateTimeOffset sessionStartsUtc, TimeSpan before)
    {
        var local = UkTime.ToUk(sessionStartsUtc).DateTime - before;
        return UkTime.FromUkLocal(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }

    /// <summary>Every reminder the course owes, in session order: none for a cancelled course.</summary>
    public static IReadOnlyList<ScheduledReminder> For(Course course, ReminderOptions options)
    {
        if (course.Status == CourseStatus.Cancelled || course.Sessions.Count == 0)
        {
            return [];
        }

        var reminders = new List<ScheduledReminder> { new(1, course.Sessions[0], DueUtc(course.Sessions[0].StartsUtc, options.BeforeFirstSession)) };
        if (options.EachSession)
        {
            reminders.AddRange(course.Sessions.Skip(1).Select((s, i) => new ScheduledReminder(i + 2, s, DueUtc(s.StartsUtc, options.BeforeEachSession))));
        }

        return reminders;
    }
}

/// <summary>
/// Reminder email templates name the session by its start ("reminder-20270329T0900Z"), not its number: if the owner
/// moves a session, the reminder owed for the old time is declined when it is composed (no such session any more)
/// and the new time is owed a reminder of its own. Stored in outbox rows, so never change the format.
/// </summary>
public static class ReminderTemplates
{
    public const string Prefix = "reminder-";
    private const string InstantFormat = "yyyyMMdd'T'HHmm'Z'";

    public static string For(DateTimeOffset sessionStartsUtc) =>
        Prefix + sessionStartsUtc.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static bool IsReminder(string template) => template.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The session start a reminder template names; false for anything else.</summary>
    public static bool TryReadSessionStart(string template, out DateTimeOffset sessionStartsUtc)
    {
        sessionStartsUtc = default;
        return IsReminder(template)
            && DateTimeOffset.TryParseExact(template[Prefix.Length..], InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out sessionStartsUtc);
    }
}
