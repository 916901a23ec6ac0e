using System.Text.Json;
using Azure.Storage.Queues;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Outbox;

public interface IEmailEnqueuer
{
    Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken);
}

public sealed class StorageEmailEnqueuer(QueueServiceClient queues, IOptions<StorageOptions> storage) : IEmailEnqueuer
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(storage.Value.EmailQueue);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, Json), visibilityDelay, cancellationToken: cancellationToken);
    }
}
