using HappyBabyHive.Time;

namespace HappyBabyHive.WellbeingTips;

public enum PublishDecision
{
    /// <summary>It is Monday 08:00–08:59 in the UK: publish this week's tip.</summary>
    Publish,

    /// <summary>The 08:00 firing was missed (the host was down) and this is the runtime catching up later that Monday.</summary>
    PublishLate,

    /// <summary>The other candidate hour (07:00 UK in winter, 09:00 UK in summer), or not a Monday at all.</summary>
    Skip,
}

/// <summary>
/// Flex Consumption runs timers in UTC and has no WEBSITE_TIME_ZONE, so the timer fires at 07:00 and 08:00 UTC on
/// Mondays, the two UTC hours that can be 08:00 in the UK (BST and GMT), and this decides which firing is the real one.
/// </summary>
public static class TipSchedule
{
    /// <summary>Six-field NCRONTAB (seconds first): 07:00 and 08:00 UTC every Monday.</summary>
    public const string Cron = "0 0 7,8 * * 1";

    public static readonly TimeOnly PublishAt = new(8, 0);

    public static PublishDecision Decide(DateTimeOffset utcNow, bool isPastDue)
    {
        var uk = UkTime.ToUk(utcNow);
        if (uk.DayOfWeek != DayOfWeek.Monday)
        {
            return PublishDecision.Skip;
        }

        if (uk.Hour == PublishAt.Hour)
        {
            return PublishDecision.Publish;
        }

        return isPastDue && uk.Hour > PublishAt.Hour ? PublishDecision.PublishLate : PublishDecision.Skip;
    }

    /// <summary>The week a firing publishes for: the ISO week of its UK date.</summary>
    public static IsoWeekId WeekOf(DateTimeOffset utcNow) => IsoWeekId.Of(DateOnly.FromDateTime(UkTime.ToUk(utcNow).DateTime));
}
