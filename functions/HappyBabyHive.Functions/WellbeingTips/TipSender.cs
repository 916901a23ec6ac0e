using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Email;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

public enum TipSendResult
{
    Sent,
    AlreadySent,

    /// <summary>Not (or no longer) a confirmed subscriber, e.g. unsubscribed after the fan-out: nothing is sent.</summary>
    NotSubscribed,

    /// <summary>Another delivery of the same email is in progress; this message comes back after its claim.</summary>
    Busy,

    /// <summary>The provider throttled us; the message is back on the queue for the delay it asked for.</summary>
    Deferred,

    Invalid,
}

public interface ITipSender
{
    Task<TipSendResult> SendAsync(TipEmailMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends one subscriber their weekly tip, at most once. A per-week, per-subscriber marker is inserted with Add before
/// sending (409: another delivery has or had it) and marked Sent after; the subscriber's status is read right before
/// sending, so an unsubscribe takes effect even for messages already queued.
/// </summary>
public sealed partial class TipSender(
    TableServiceClient tables,
    TipQueues queues,
    TipsEmails emails,
    IEmailSender sender,
    IOptions<StorageOptions> storage,
    IOptions<WellbeingTipsOptions> options,
    TimeProvider time,
    ILogger<TipSender> logger) : ITipSender
{
    // A week's publication never changes once written (only its fan-out progress does), so each instance reads it once.
    private readonly ConcurrentDictionary<string, TipPublicationEntity> publications = new(StringComparer.Ordinal);

    private TableClient Publications => tables.GetTableClient(storage.Value.TipPublicationsTable);

    private TableClient Subscribers => tables.GetTableClient(storage.Value.TipSubscribersTable);

    public async Task<TipSendResult> SendAsync(TipEmailMessage message, CancellationToken cancellationToken)
    {
        if (!IsoWeekId.TryParse(message.Week, out var week) || !SubscriberKeys.IsWellFormed(message.Subscriber))
        {
            LogInvalid(logger);
            return TipSendResult.Invalid;
        }

        var publication = await PublicationAsync(week, cancellationToken);
        if (publication is null)
        {
            LogInvalid(logger);
            return TipSendResult.Invalid;
        }

        var claim = await ClaimAsync(message, cancellationToken);
        if (claim.Result is { } done)
        {
            return done;
        }

        var marker = claim.Marker!;
        var found = await Subscribers.GetEntityIfExistsAsync<SubscriberEntity>(message.Subscriber, SubscriberKeys.ProfileRow, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value!.SubscriberStatus != SubscriberStatus.Confirmed)
        {
            await ReleaseAsync(marker);
            LogNotSubscribed(logger, message.Week, message.Subscriber);
            return TipSendResult.NotSubscribed;
        }

        try
        {
            await sender.SendAsync(emails.Weekly(publication, found.Value) with { MayAlreadyBeSent = claim.TakenOver }, cancellationToken);
        }
        catch (EmailThrottledException throttled)
        {
            // Put it back for as long as the provider asked, rather than sleeping in the function.
            await ReleaseAsync(marker);
            await queues.SendEmailAsync(message, throttled.RetryAfter, cancellationToken);
            LogThrottled(logger, message.Week, message.Subscriber, throttled.RetryAfter);
            return TipSendResult.Deferred;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ReleaseAsync(marker);

            // Provider errors can quote the address, and the host logs a failed invocation's exception: only the type travels.
            throw new TipSendFailedException(message, e.GetType().Name);
        }

        marker.Status = TipSendStatus.Sent;
        marker.SentUtc = time.GetUtcNow();
        marker.ClaimedUntilUtc = null;
        try
        {
            await Publications.UpdateEntityAsync(marker, marker.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Our claim outlived its time and another delivery took it over; the email's fixed id lets the provider spot the repeat.
            LogClaimLost(logger, message.Week, message.Subscriber);
        }

        LogSent(logger, message.Week, message.Subscriber);
        return TipSendResult.Sent;
    }

    private async Task<(TipSendResult? Result, TipSentEntity? Marker, bool TakenOver)> ClaimAsync(TipEmailMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var marker = new TipSentEntity
        {
            PartitionKey = TipSentEntity.PartitionFor(message.Week),
            RowKey = message.Subscriber,
            Status = TipSendStatus.Sending,
            ClaimedUntilUtc = now + options.Value.SendClaim,
        };
        try
        {
            var added = await Publications.AddEntityAsync(marker, cancellationToken);
            marker.ETag = added.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return (null, marker, false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var existing = await Publications.GetEntityIfExistsAsync<TipSentEntity>(marker.PartitionKey, marker.RowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return await ComeBackAsync(message, TimeSpan.FromSeconds(5), cancellationToken); // released a moment ago
        }

        var current = existing.Value!;
        if (current.Status == TipSendStatus.Sent)
        {
            LogAlreadySent(logger, message.Week, message.Subscriber);
            return (TipSendResult.AlreadySent, null, false);
        }

        if (current.ClaimedUntilUtc > now)
        {
            return await ComeBackAsync(message, current.ClaimedUntilUtc.Value - now, cancellationToken);
        }

        // The delivery that claimed it died without releasing (perhaps after the provider accepted the email): take it over.
        current.ClaimedUntilUtc = now + options.Value.SendClaim;
        try
        {
            var updated = await Publications.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken);
            current.ETag = updated.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return (null, current, true);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return await ComeBackAsync(message, TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    private async Task<(TipSendResult?, TipSentEntity?, bool)> ComeBackAsync(TipEmailMessage message, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Another delivery holds this email. Don't drop the message (that delivery may die); look again after its claim.
        await queues.SendEmailAsync(message, wait + TimeSpan.FromSeconds(1), cancellationToken);
        LogBusy(logger, message.Week, message.Subscriber);
        return (TipSendResult.Busy, null, false);
    }

    private async Task ReleaseAsync(TipSentEntity marker)
    {
        try
        {
            await Publications.DeleteEntityAsync(marker, marker.ETag, CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already released or taken over.
        }
    }

    private async Task<TipPublicationEntity?> PublicationAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        if (publications.TryGetValue(week.ToString(), out var cached))
        {
            return cached;
        }

        var found = await Publications.GetEntityIfExistsAsync<TipPublicationEntity>(TipPublicationEntity.Partition, week.DescendingKey, cancellationToken: cancellationToken);
        return found.HasValue ? publications.GetOrAdd(week.ToString(), found.Value!) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent week {Week} tip to subscriber {Subscriber}")]
    private static partial void LogSent(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Week {Week} tip to subscriber {Subscriber} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {Subscriber} is not subscribed now; week {Week} tip not sent")]
    private static partial void LogNotSubscribed(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Week {Week} tip to subscriber {Subscriber} is held by another delivery; checking back later")]
    private static partial void LogBusy(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email provider throttled week {Week} tip to subscriber {Subscriber}; back on the queue for {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, string week, string subscriber, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Week {Week} tip to subscriber {Subscriber} was sent after its claim had lapsed")]
    private static partial void LogClaimLost(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a tip email message naming no valid week, subscriber or publication")]
    private static partial void LogInvalid(ILogger logger);
}

/// <summary>Sending failed; carries no provider text, which may contain personal data. The queue retries.</summary>
public sealed class TipSendFailedException(TipEmailMessage message, string error)
    : Exception($"Sending week {message.Week} tip to subscriber {message.Subscriber} failed with {error}; the queue will try again.");
