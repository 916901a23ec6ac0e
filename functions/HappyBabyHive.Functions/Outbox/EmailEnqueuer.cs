namespace HappyBabyHive.Outbox;

/// <summary>
/// Puts an owed email's pointer on its queue. Every path that enqueues (the first send, a throttled retry, the outbox
/// sweep) comes through here; the storage layer picks the queue.
/// </summary>
public interface IEmailEnqueuer
{
    Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken);
}
