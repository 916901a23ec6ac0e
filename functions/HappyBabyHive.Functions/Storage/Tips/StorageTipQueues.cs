using System.Text.Json;
using Azure.Storage.Queues;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Tips;

/// <summary>The two tips queues. Messages are small JSON (base64 on the wire, as the queue trigger expects).</summary>
internal sealed class StorageTipQueues(QueueServiceClient queues, IOptions<StorageOptions> storage) : ITipQueues
{
    /// <summary>Azure Storage refuses a visibility delay of 7 days or more.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    /// <summary>Messages never expire: a week's sends may be spread over days, and one must not vanish unsent.</summary>
    public static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    public QueueClient FanOut { get; } = queues.GetQueueClient(storage.Value.TipFanOutQueue);

    public QueueClient Emails { get; } = queues.GetQueueClient(storage.Value.TipEmailQueue);

    public Task SendFanOutAsync(TipFanOutMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        FanOut.SendMessageAsync(JsonSerializer.Serialize(message, TipMessages.Json), Clamp(delay), NeverExpire, cancellationToken);

    public Task SendEmailAsync(TipEmailMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        Emails.SendMessageAsync(JsonSerializer.Serialize(message, TipMessages.Json), Clamp(delay), NeverExpire, cancellationToken);

    private static TimeSpan? Clamp(TimeSpan? delay) =>
        delay is not { } d || d <= TimeSpan.Zero ? null : d > MaxDelay ? MaxDelay : d;
}
