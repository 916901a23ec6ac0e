using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Payments.Webhooks;

/// <summary>
/// Re-sends the apply message for stored events still unapplied a while after they arrived: the receiver stored the
/// event but crashed (or the queue was down) before sending it, an applier died holding its claim, or the handler
/// asked to try later. Applying is idempotent, so a message sent twice costs one no-op.
/// </summary>
public sealed partial class PaymentEventSweeper(IPaymentEventStore store, IPaymentEventEnqueuer queue, TimeProvider time, ILogger<PaymentEventSweeper> logger)
{
    /// <summary>How long the normal path (receipt → queue → apply, seconds) gets before the sweep steps in.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>Per sweep; more are left for the next one, so one sweep stays short however big a backlog grows.</summary>
    public const int BatchSize = 200;

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await store.ListUnappliedAsync(now - Grace, now, BatchSize, cancellationToken);
        foreach (var eventId in due)
        {
            await queue.EnqueueAsync(eventId, cancellationToken);
        }

        if (due.Count > 0)
        {
            LogResent(logger, due.Count);
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-sent the apply message for {Count} stored Stripe events still unapplied")]
    private static partial void LogResent(ILogger logger, int count);
}
