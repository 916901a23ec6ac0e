using System.Text.Json;
using Azure.Storage.Queues;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

/// <summary>The two tips queues. Messages are small JSON (base64 on the wire, as the queue trigger expects).</summary>
public sealed class TipQueues(QueueServiceClient queues, IOptions<StorageOptions> storage)
{
    /// <summary>Azure Storage refuses a visibility delay of 7 days or more.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    /// <summary>Messages never expire: a week's sends may be spread over days, and one must not vanish unsent.</summary>
    public static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public QueueClient FanOut { get; } = queues.GetQueueClient(storage.Value.TipFanOutQueue);

    public QueueClient Emails { get; } = queues.GetQueueClient(storage.Value.TipEmailQueue);

    public Task SendFanOutAsync(TipFanOutMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        FanOut.SendMessageAsync(JsonSerializer.Serialize(message, Json), Clamp(delay), NeverExpire, cancellationToken);

    public Task SendEmailAsync(TipEmailMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        Emails.SendMessageAsync(JsonSerializer.Serialize(message, Json), Clamp(delay), NeverExpire, cancellationToken);

    public static T Read<T>(BinaryData body) =>
        JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException("The queue message is empty.");

    private static TimeSpan? Clamp(TimeSpan? delay) =>
        delay is not { } d || d <= TimeSpan.Zero ? null : d > MaxDelay ? MaxDelay : d;
}
