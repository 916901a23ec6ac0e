using Azure.Storage.Queues;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Outbox;

/// <summary>The poison queues of "emails" and "owner-emails", where the host moves a message after its last failed delivery.</summary>
internal sealed class QueueEmailPoisonQueues(QueueServiceClient queues, IOptions<StorageOptions> storage) : IEmailPoisonQueues
{
    // Long enough for this sweep to look at a message; short enough that an owed one is soon visible to the next.
    private static readonly TimeSpan PoisonPeek = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<string>> ClearAsync(Func<OutboxMessage, CancellationToken, Task<bool>> isFinished, CancellationToken cancellationToken)
    {
        var cleared = new List<string>();
        foreach (var queueName in new[] { storage.Value.EmailQueue, storage.Value.OwnerEmailQueue })
        {
            await ClearAsync(queues.GetQueueClient(queueName + QueueNames.PoisonSuffix), isFinished, cleared, cancellationToken);
        }

        return cleared;
    }

    private static async Task ClearAsync(
        QueueClient poison, Func<OutboxMessage, CancellationToken, Task<bool>> isFinished, List<string> cleared, CancellationToken cancellationToken)
    {
        if (!await poison.ExistsAsync(cancellationToken))
        {
            return;
        }

        // Received messages stay hidden for the rest of this pass, so each is looked at once; those kept are made
        // visible again at the end (or by themselves after PoisonPeek if this sweep dies first).
        var kept = new List<(string Id, string PopReceipt)>();
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, PoisonPeek, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                if (TryRead(message.Body) is { } pointer && await isFinished(pointer, cancellationToken))
                {
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    cleared.Add(message.MessageId);
                }
                else
                {
                    kept.Add((message.MessageId, message.PopReceipt));
                }
            }
        }

        foreach (var (id, popReceipt) in kept)
        {
            await poison.UpdateMessageAsync(id, popReceipt, (BinaryData?)null, TimeSpan.Zero, cancellationToken);
        }
    }

    /// <summary>Null for a message that is not an outbox pointer: it stays for a person and expires with the queue's time-to-live (7 days).</summary>
    private static OutboxMessage? TryRead(BinaryData body)
    {
        try
        {
            return OutboxMessage.Read(body);
        }
        catch (InvalidOutboxMessageException)
        {
            return null;
        }
    }
}
