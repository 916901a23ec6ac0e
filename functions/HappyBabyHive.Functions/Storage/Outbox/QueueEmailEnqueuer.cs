using System.Text.Json;
using Azure.Storage.Queues;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Outbox;

internal sealed class QueueEmailEnqueuer(QueueServiceClient queues, IOptions<StorageOptions> storage) : IEmailEnqueuer
{
    public async Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(QueueFor(message, storage.Value));
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, OutboxMessage.Json), visibilityDelay, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The owner's sign-in emails go on their own queue (the owner is waiting at the sign-in page); everything else on
    /// the shared one.
    /// </summary>
    private static string QueueFor(OutboxMessage message, StorageOptions storage) =>
        message.Table == TableNames.OwnerSignIns ? storage.OwnerEmailQueue : storage.EmailQueue;
}
