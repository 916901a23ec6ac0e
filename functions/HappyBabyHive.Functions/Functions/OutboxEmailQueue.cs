using Azure.Storage.Queues.Models;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Sends the emails the outbox owes, one queue message each.</summary>
public sealed class OutboxEmailQueue(IOutboxProcessor processor, PoisonWatch poison)
{
    [Function(nameof(SendEmail))]
    public Task SendEmail(
        [QueueTrigger(QueueNames.EmailsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.Emails, () => ProcessAsync(message, cancellationToken));

    /// <summary>The owner's sign-in links: the same processing, on a queue no booking or tip email can hold up.</summary>
    [Function(nameof(SendOwnerEmail))]
    public Task SendOwnerEmail(
        [QueueTrigger(QueueNames.OwnerEmailsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.OwnerEmails, () => ProcessAsync(message, cancellationToken));

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await processor.ProcessAsync(OutboxMessage.Read(message.Body), message.DequeueCount, cancellationToken);
    }
}
