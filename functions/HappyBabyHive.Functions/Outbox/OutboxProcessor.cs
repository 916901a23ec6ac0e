using HappyBabyHive.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Outbox;

public enum OutboxResult
{
    Sent,
    AlreadySent,
    NothingToSend,
    Deferred,
}

public interface IOutboxProcessor
{
    Task<OutboxResult> ProcessAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken);
}

/// <summary>
/// Sends one owed email at most once: claims its outbox row, lets the template's composer build it, and sends it
/// through the <see cref="ClaimedSender"/>. A redelivered or duplicated queue message finds the row Sent (or claimed)
/// and sends nothing.
/// </summary>
public sealed partial class OutboxProcessor(
    IOutboxStore store,
    IEnumerable<IOutboxEmailComposer> composers,
    ClaimedSender sender,
    IEmailEnqueuer queue,
    IOptions<OutboxOptions> options,
    ILogger<OutboxProcessor> logger) : IOutboxProcessor
{
    public async Task<OutboxResult> ProcessAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var attempt = await store.ClaimAsync(message, options.Value.ClaimDuration, cancellationToken);
        switch (attempt)
        {
            case ClaimAttempt<IOutboxClaim>.NotOwed:
                LogMissing(logger, message);
                return OutboxResult.NothingToSend;
            case ClaimAttempt<IOutboxClaim>.AlreadyDone:
                LogAlreadySent(logger, message);
                return OutboxResult.AlreadySent;
            case ClaimAttempt<IOutboxClaim>.HeldElsewhere:
                // The queue redelivers after its visibility timeout; by then the other delivery has finished or died.
                throw new OutboxBusyException(message);
        }

        var claim = ((ClaimAttempt<IOutboxClaim>.Claimed)attempt).Claim;
        var composer = composers.FirstOrDefault(c => c.CanCompose(claim.Email.Template))
            ?? throw new InvalidOperationException($"No email composer handles template '{claim.Email.Template}'.");
        ClaimedSendResult result;
        try
        {
            result = await sender.SendAsync(
                claim,
                $"email {message}",
                token => composer.ComposeAsync(claim.Email, token),
                (delay, token) => queue.EnqueueAsync(message, delay, token),
                cancellationToken);
        }
        catch (EmailSendFailedException e) when (dequeueCount >= options.Value.MaxDequeueCount)
        {
            LogFinalFailure(logger, message, dequeueCount, e.Error);
            throw;
        }

        switch (result)
        {
            case ClaimedSendResult.Sent:
                LogSent(logger, claim.Email.Template, message);
                return OutboxResult.Sent;
            case ClaimedSendResult.NothingToSend:
                LogSkipped(logger, message);
                return OutboxResult.NothingToSend;
            default:
                return OutboxResult.Deferred;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Template} email {Outbox}")]
    private static partial void LogSent(ILogger logger, string template, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Outbox} was already sent; nothing to do")]
    private static partial void LogAlreadySent(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No outbox record {Outbox}; nothing to send")]
    private static partial void LogMissing(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Outbox} is about something that no longer exists; skipped")]
    private static partial void LogSkipped(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {Outbox} failed ({Error}) on delivery {DequeueCount}, its last; the message goes to the poison queue and the outbox sweep will try again later")]
    private static partial void LogFinalFailure(ILogger logger, OutboxMessage outbox, long dequeueCount, string error);
}

/// <summary>Another delivery holds this email right now; the queue will redeliver after its visibility timeout.</summary>
public sealed class OutboxBusyException(OutboxMessage message)
    : Exception($"Email {message} is being sent by another delivery.");
