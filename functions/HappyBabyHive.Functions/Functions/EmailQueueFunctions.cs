using Azure.Storage.Queues.Models;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Sends the emails the outbox owes, one queue message each.</summary>
public sealed class EmailQueueFunctions(IOutboxProcessor processor)
{
    [Function(nameof(SendEmail))]
    public async Task SendEmail(
        [QueueTrigger(QueueNames.Emails, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        await processor.ProcessAsync(OutboxMessage.Read(message.Body), message.DequeueCount, cancellationToken);
    }
}
