using System.Collections.Concurrent;
using HappyBabyHive.Outbox;
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

/// <summary>The per-week "sent" markers that make each subscriber's weekly tip go once.</summary>
public interface ITipSendMarkers
{
    Task<ClaimAttempt<IEmailClaim>> ClaimAsync(string week, string subscriber, TimeSpan claimFor, CancellationToken cancellationToken);
}

/// <summary>
/// Sends one subscriber their weekly tip, at most once, through the <see cref="ClaimedSender"/> that sends the outbox's
/// emails too; the claim is a per-week, per-subscriber marker. The subscriber's status is read right before sending,
/// so an unsubscribe takes effect even for messages already queued.
/// </summary>
public sealed partial class TipSender(
    ITipPublications publicationStore,
    ISubscriberStore subscribers,
    ITipSendMarkers markers,
    ClaimedSender claimedSender,
    ITipQueues queues,
    TipsEmails emails,
    IOptions<WellbeingTipsOptions> options,
    ILogger<TipSender> logger) : ITipSender
{
    // A week's publication never changes once written (only its fan-out progress does), so each instance reads it once.
    private readonly ConcurrentDictionary<string, TipPublication> publications = new(StringComparer.Ordinal);

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

        var attempt = await markers.ClaimAsync(message.Week, message.Subscriber, options.Value.SendClaim, cancellationToken);
        switch (attempt)
        {
            case ClaimAttempt<IEmailClaim>.AlreadyDone or ClaimAttempt<IEmailClaim>.NotOwed:
                LogAlreadySent(logger, message.Week, message.Subscriber);
                return TipSendResult.AlreadySent;
            case ClaimAttempt<IEmailClaim>.HeldElsewhere held:
                // Another delivery holds this email. Don't drop the message (that delivery may die); look again after its claim.
                await queues.SendEmailAsync(message, held.For + TimeSpan.FromSeconds(1), cancellationToken);
                LogBusy(logger, message.Week, message.Subscriber);
                return TipSendResult.Busy;
        }

        var result = await claimedSender.SendAsync(
            ((ClaimAttempt<IEmailClaim>.Claimed)attempt).Claim,
            $"week {message.Week} tip to subscriber {message.Subscriber}",
            async token =>
            {
                var subscriber = await subscribers.FindAsync(message.Subscriber, token);
                return subscriber is { Status: SubscriberStatus.Confirmed } ? await emails.WeeklyAsync(publication, subscriber) : null;
            },
            (delay, token) => queues.SendEmailAsync(message, delay, token),
            cancellationToken);
        switch (result)
        {
            case ClaimedSendResult.NothingToSend:
                LogNotSubscribed(logger, message.Week, message.Subscriber);
                return TipSendResult.NotSubscribed;
            case ClaimedSendResult.Deferred:
                return TipSendResult.Deferred;
            default:
                LogSent(logger, message.Week, message.Subscriber);
                return TipSendResult.Sent;
        }
    }

    private async Task<TipPublication?> PublicationAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        if (publications.TryGetValue(week.ToString(), out var cached))
        {
            return cached;
        }

        var found = await publicationStore.FindAsync(week, cancellationToken);
        return found is null ? null : publications.GetOrAdd(week.ToString(), found.Tip);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent week {Week} tip to subscriber {Subscriber}")]
    private static partial void LogSent(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Week {Week} tip to subscriber {Subscriber} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {Subscriber} is not subscribed now; week {Week} tip not sent")]
    private static partial void LogNotSubscribed(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Week {Week} tip to subscriber {Subscriber} is held by another delivery; checking back later")]
    private static partial void LogBusy(ILogger logger, string week, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a tip email message naming no valid week, subscriber or publication")]
    private static partial void LogInvalid(ILogger logger);
}
