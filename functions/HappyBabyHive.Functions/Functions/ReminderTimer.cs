using HappyBabyHive.Reminders;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class ReminderTimer(IReminderService reminders)
{
    /// <summary>
    /// Every 15 minutes, in UTC: a reminder goes out at most a quarter of an hour after its UK time. The time itself is
    /// worked out in code (ReminderSchedule), so the schedule needs no time zone and the clock changes cannot shift it.
    /// </summary>
    public const string Schedule = "0 */15 * * * *";

    /// <summary>Owes the reminders that have fallen due (a late or missed run catches up); the outbox sends them.</summary>
    [Function(nameof(SendSessionReminders))]
    public Task SendSessionReminders([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        reminders.OweDueRemindersAsync(cancellationToken);
}
