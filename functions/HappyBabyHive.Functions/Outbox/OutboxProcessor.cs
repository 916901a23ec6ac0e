using Azure;
using Azure.Data.Tables;
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
/// Sends one owed email at most once. The outbox row is claimed with its ETag before sending and marked Sent after,
/// so a redelivered or duplicated queue message finds it Sent (or claimed) and sends nothing.
/// </summary>
public sealed partial class OutboxProcessor(
    TableServiceClient tables,
    OutboxTables outboxTables,
    IEnumerable<IOutboxEmailComposer> composers,
    IEmailSender sender,
    IEmailEnqueuer queue,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxProcessor> logger) : IOutboxProcessor
{
    public async Task<OutboxResult> ProcessAsync(OutboxMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(outboxTables.PhysicalName(message.Table));
        var found = await table.GetEntityIfExistsAsync<OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            LogMissing(logger, message);
            return OutboxResult.NothingToSend;
        }

        var outbox = found.Value!;
        var now = time.GetUtcNow();
        switch (outbox.OutboxStatus)
        {
            case OutboxStatus.Sent or OutboxStatus.Skipped:
                LogAlreadySent(logger, message);
                return OutboxResult.AlreadySent;
            case OutboxStatus.Sending when outbox.ClaimedUntilUtc > now:
                throw new OutboxBusyException(message);
        }

        // A claim that ran out while Sending (the delivery died, perhaps after the provider accepted the email) or a
        // failed attempt (perhaps a timeout after acceptance) means the provider may already have this email.
        var mayAlreadyBeSent = outbox.OutboxStatus == OutboxStatus.Sending || outbox.FailedAttempts > 0;
        outbox.Status = nameof(OutboxStatus.Sending);
        outbox.ClaimedUntilUtc = now + options.Value.ClaimDuration;
        var claimed = await ReplaceAsync(table, outbox, message, cancellationToken);

        var composer = composers.FirstOrDefault(c => c.CanCompose(outbox.Template))
            ?? throw new InvalidOperationException($"No email composer handles template '{outbox.Template}'.");
        var email = await composer.ComposeAsync(message, outbox, cancellationToken);
        if (email is null)
        {
            outbox.Status = nameof(OutboxStatus.Skipped);
            outbox.ClaimedUntilUtc = null;
            await table.UpdateEntityAsync(outbox, claimed, TableUpdateMode.Replace, cancellationToken);
            LogSkipped(logger, message);
            return OutboxResult.NothingToSend;
        }

        try
        {
            await sender.SendAsync(email with { MayAlreadyBeSent = mayAlreadyBeSent }, cancellationToken);
        }
        catch (EmailThrottledException throttled)
        {
            // The provider said when to come back: hand the message back to the queue for that long rather than
            // sleeping inside the function (which would hold an instance and could outlive the function timeout).
            await ReleaseAsync(table, outbox, claimed, failed: false, cancellationToken);
            await queue.EnqueueAsync(message, throttled.RetryAfter, cancellationToken);
            LogThrottled(logger, message, throttled.RetryAfter);
            return OutboxResult.Deferred;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ReleaseAsync(table, outbox, claimed, failed: true, cancellationToken);
            if (dequeueCount >= options.Value.MaxDequeueCount)
            {
                LogFinalFailure(logger, message, dequeueCount, e.GetType().Name);
            }

            // Provider errors can quote the recipient's address, and the host logs a failed invocation's exception,
            // so only the error's type travels on.
            throw new EmailSendFailedException(message, e.GetType().Name);
        }

        outbox.Status = nameof(OutboxStatus.Sent);
        outbox.SentUtc = time.GetUtcNow();
        outbox.ClaimedUntilUtc = null;
        await table.UpdateEntityAsync(outbox, claimed, TableUpdateMode.Replace, cancellationToken);
        LogSent(logger, outbox.Template, message);
        return OutboxResult.Sent;
    }

    private static async Task<ETag> ReplaceAsync(TableClient table, OutboxEntity outbox, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another delivery of the same message claimed it first.
            throw new OutboxBusyException(message);
        }
    }

    private static async Task ReleaseAsync(TableClient table, OutboxEntity outbox, ETag claimed, bool failed, CancellationToken cancellationToken)
    {
        outbox.Status = nameof(OutboxStatus.Pending);
        outbox.ClaimedUntilUtc = null;
        outbox.FailedAttempts += failed ? 1 : 0;
        await table.UpdateEntityAsync(outbox, claimed, TableUpdateMode.Replace, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Template} email {Outbox}")]
    private static partial void LogSent(ILogger logger, string template, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Outbox} was already sent; nothing to do")]
    private static partial void LogAlreadySent(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No outbox record {Outbox}; nothing to send")]
    private static partial void LogMissing(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Outbox} is about something that no longer exists; skipped")]
    private static partial void LogSkipped(ILogger logger, OutboxMessage outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email provider throttled {Outbox}; back on the queue for {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, OutboxMessage outbox, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {Outbox} failed ({Error}) on delivery {DequeueCount}, its last; the message goes to the poison queue and the outbox sweep will try again later")]
    private static partial void LogFinalFailure(ILogger logger, OutboxMessage outbox, long dequeueCount, string error);
}

/// <summary>Another delivery holds this email right now; the queue will redeliver after its visibility timeout.</summary>
public sealed class OutboxBusyException(OutboxMessage message)
    : Exception($"Email {message} is being sent by another delivery.");

/// <summary>Sending failed; carries no provider text, which may contain personal data.</summary>
public sealed class EmailSendFailedException(OutboxMessage message, string error)
    : Exception($"Sending email {message} failed with {error}; the queue will try again.");
