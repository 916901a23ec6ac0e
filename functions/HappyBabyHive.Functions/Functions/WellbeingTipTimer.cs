using HappyBabyHive.WellbeingTips;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The Monday timer that asks for the week's tip to be published (<see cref="WellbeingTipQueue"/> does the rest).</summary>
public sealed class WellbeingTipTimer(ITipPublisher publisher)
{
    /// <summary>
    /// 07:00 and 08:00 UTC on Mondays; the one that is 08:00 in the UK asks for the week's publication. The retry covers
    /// a failed queue write (the only thing this does); everything after that is retried by the queue.
    /// </summary>
    [Function(nameof(PublishWeeklyTip))]
    [FixedDelayRetry(5, "00:00:20")]
    public Task PublishWeeklyTip([TimerTrigger(TipSchedule.Cron)] TimerInfo timer, CancellationToken cancellationToken) =>
        publisher.OnTimerAsync(timer.IsPastDue, cancellationToken);
}
