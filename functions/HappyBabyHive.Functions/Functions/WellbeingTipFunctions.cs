using Azure.Storage.Queues.Models;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The Monday timer, the fan-out and the per-subscriber send of the weekly tip.</summary>
public sealed class WellbeingTipFunctions(ITipPublisher publisher, ITipSender sender, PoisonWatch poison)
{
    /// <summary>
    /// 07:00 and 08:00 UTC on Mondays; the one that is 08:00 in the UK asks for the week's publication. The retry covers
    /// a failed queue write (the only thing this does); everything after that is retried by the queue.
    /// </summary>
    [Function(nameof(PublishWeeklyTip))]
    [FixedDelayRetry(5, "00:00:20")]
    public Task PublishWeeklyTip([TimerTrigger(TipSchedule.Cron)] TimerInfo timer, CancellationToken cancellationToken) =>
        publisher.OnTimerAsync(timer.IsPastDue, cancellationToken);

    [Function(nameof(FanOutWeeklyTip))]
    public async Task FanOutWeeklyTip(
        [QueueTrigger(QueueNames.TipFanOutTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        await poison.RunAsync(message, QueueNames.TipFanOut, async () =>
        {
            var request = TipQueues.Read<TipFanOutMessage>(message.Body);
            if (IsoWeekId.TryParse(request.Week, out var week))
            {
                await publisher.PublishAndFanOutAsync(week, cancellationToken);
            }
        });

    [Function(nameof(SendWeeklyTip))]
    public Task SendWeeklyTip(
        [QueueTrigger(QueueNames.TipEmailsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.TipEmails, () => sender.SendAsync(TipQueues.Read<TipEmailMessage>(message.Body), cancellationToken));
}
