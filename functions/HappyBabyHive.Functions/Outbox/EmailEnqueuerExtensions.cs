using Azure;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Outbox;

public static partial class EmailEnqueuerExtensions
{
    /// <summary>
    /// Enqueues an owed email right after the transaction that stored it. The change and its outbox row are already
    /// stored, so if the queue is unreachable nothing is lost: the outbox sweep enqueues the email later.
    /// </summary>
    public static async Task EnqueueOrLeaveToSweepAsync(this IEmailEnqueuer enqueuer, OutboxMessage message, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await enqueuer.EnqueueAsync(message, visibilityDelay: null, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            LogEnqueueFailed(logger, e, message);
        }
    }

    /// <summary>Enqueues every email a committed change owes (see <see cref="EnqueueOrLeaveToSweepAsync"/>).</summary>
    public static async Task EnqueueAllOrLeaveToSweepAsync(this IEmailEnqueuer enqueuer, IEnumerable<OutboxMessage> messages, ILogger logger)
    {
        // The change is stored; a caller who gave up must not stop its emails, so no caller's token here.
        foreach (var message in messages)
        {
            await enqueuer.EnqueueOrLeaveToSweepAsync(message, logger, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue email {Outbox}; the outbox sweep will send it")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, OutboxMessage outbox);
}
