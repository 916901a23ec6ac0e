using Azure.Storage.Queues;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Payments;

/// <summary>The stripe-events queue: each message is one event id, as plain text.</summary>
internal sealed class QueuePaymentEventEnqueuer(QueueServiceClient queues, IOptions<StorageOptions> storage) : IPaymentEventEnqueuer
{
    public async Task EnqueueAsync(string eventId, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(storage.Value.StripeEventQueue).SendMessageAsync(eventId, cancellationToken);
}
