using Azure.Storage.Queues.Models;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.Storage;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Applies stored Stripe events, one queue message (an event id) each.</summary>
public sealed class StripeEventQueue(PaymentEventApplier applier, PoisonWatch poison)
{
    [Function(nameof(ApplyStripeEvent))]
    public Task ApplyStripeEvent(
        [QueueTrigger(QueueNames.StripeEventsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.StripeEvents, () => ApplyAsync(message, cancellationToken));

    private async Task ApplyAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var eventId = message.Body.ToString();
        if (StripeWebhookReceiver.IsEventId(eventId))
        {
            await applier.ApplyAsync(eventId, cancellationToken);
        }
    }
}
