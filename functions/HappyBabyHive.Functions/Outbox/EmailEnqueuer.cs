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
        var queue = queues.GetQueueClient(QueueFor(message, storage.Value));
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, Json), visibilityDelay, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The owner's sign-in emails go on their own queue (the owner is waiting at the sign-in page); everything else on
    /// the shared one. Every path that enqueues (the first send, a throttled retry, the outbox sweep) comes through here.
    /// </summary>
    public static string QueueFor(OutboxMessage message, StorageOptions storage) =>
        message.Table == TableNames.OwnerSignIns ? storage.OwnerEmailQueue : storage.EmailQueue;
}
