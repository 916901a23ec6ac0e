using Azure.Storage.Queues.Models;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The weekly tip's two queues: the fan-out to every subscriber, and the per-subscriber send.</summary>
public sealed class WellbeingTipQueue(ITipPublisher publisher, ITipSender sender, PoisonWatch poison)
{
    [Function(nameof(FanOutWeeklyTip))]
    public async Task FanOutWeeklyTip(
        [QueueTrigger(QueueNames.TipFanOutTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        await poison.RunAsync(message, QueueNames.TipFanOut, async () =>
        {
            var request = TipMessages.Read<TipFanOutMessage>(message.Body);
            if (IsoWeekId.TryParse(request.Week, out var week))
            {
                await publisher.PublishAndFanOutAsync(week, cancellationToken);
            }
        });

    [Function(nameof(SendWeeklyTip))]
    public Task SendWeeklyTip(
        [QueueTrigger(QueueNames.TipEmailsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.TipEmails, () => sender.SendAsync(TipMessages.Read<TipEmailMessage>(message.Body), cancellationToken));
}
