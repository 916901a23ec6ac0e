using HappyBabyHive.Email;
using HappyBabyHive.Time;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace HappyBabyHive.Outbox;

/// <summary>
/// One email held by one delivery. The store that granted it knows how the claim is recorded (an outbox row set to
/// Sending, or a per-week "sent" marker); the <see cref="ClaimedSender"/> only needs these four moves.
/// </summary>
public interface IEmailClaim
{
    /// <summary>
    /// An earlier delivery may already have handed this email to the provider (its claim ran out while sending, or an
    /// attempt failed after it started), so a provider that can look the email up should do so before sending again.
    /// </summary>
    bool MayAlreadyBeSent { get; }

    /// <summary>Until when no other delivery may take this email over.</summary>
    DateTimeOffset HeldUntil { get; }

    /// <summary>Gives the email back, owed again; <paramref name="failed"/> counts an attempt that went wrong.</summary>
    Task ReleaseAsync(bool failed);

    /// <summary>Records the email as sent; false when the claim had lapsed and another delivery took it over.</summary>
    Task<bool> MarkSentAsync(DateTimeOffset sentUtc);

    /// <summary>There turned out to be nothing to send (what it was about is gone, or the family unsubscribed).</summary>
    Task MarkNothingToSendAsync();
}

/// <summary>What asking a store for a claim gave.</summary>
public abstract record ClaimAttempt<TClaim>
    where TClaim : IEmailClaim
{
    private ClaimAttempt()
    {
    }

    /// <summary>This delivery holds the email and may send it.</summary>
    public sealed record Claimed(TClaim Claim) : ClaimAttempt<TClaim>;

    /// <summary>The email was sent (or found to have nothing to send) by an earlier delivery.</summary>
    public sealed record AlreadyDone : ClaimAttempt<TClaim>;

    /// <summary>Another delivery holds the email for about <paramref name="For"/> more.</summary>
    public sealed record HeldElsewhere(TimeSpan For) : ClaimAttempt<TClaim>;

    /// <summary>No such email is owed (its record is gone or was never written).</summary>
    public sealed record NotOwed : ClaimAttempt<TClaim>;
}

public enum ClaimedSendResult
{
    Sent,
    NothingToSend,

    /// <summary>The provider throttled us; the email is owed again and its message is back on the queue for the delay asked.</summary>
    Deferred,
}

/// <summary>
/// The one claim → compose → send → mark-sent protocol, shared by booking, free-place, sign-in and subscription emails
/// (outbox rows) and the weekly tips (per-week markers). Exactly once under redelivery comes from the claim: a second
/// delivery finds the email claimed or sent and sends nothing; a delivery that dies while holding it leaves a claim
/// that runs out, and the next one sends with <see cref="EmailMessage.MayAlreadyBeSent"/> set and the same idempotency
/// key, so the provider can recognise the repeat (ACS Repeatability headers, SMTP Message-Id).
/// </summary>
public sealed partial class ClaimedSender
{
    private static readonly ResiliencePropertyKey<IEmailClaim> HeldClaim = new("claim");

    private readonly IEmailSender sender;
    private readonly TimeProvider time;
    private readonly ILogger<ClaimedSender> logger;
    private readonly ResiliencePipeline<bool> recordSent;

    public ClaimedSender(IEmailSender sender, TimeProvider time, ILogger<ClaimedSender> logger)
    {
        this.sender = sender;
        this.time = time;
        this.logger = logger;

        // Once the provider has the email, failing to record that means a later delivery sends it again (SMTP cannot
        // recognise the repeat; ACS can, within its repeatability window). Storage that is briefly away (issue #12's
        // storage-outage burst test caught a booking confirmed twice this way) is waited out for as long as the claim
        // keeps every other delivery off this email; after that another delivery may take it over, so this one gives up.
        recordSent = new ResiliencePipelineBuilder<bool> { TimeProvider = BackoffClock.Machine }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null and not OperationCanceledException &&
                    time.GetUtcNow() < args.Context.Properties.GetValue(HeldClaim, null!).HeldUntil),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRecordSentRetry(this.logger, args.Outcome.Exception!.GetType().Name, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
    }

    /// <param name="claim">The claim this delivery holds.</param>
    /// <param name="email">Names the email in logs and errors: ids only, never an address.</param>
    /// <param name="compose">Builds the message, reading what it needs; null when there is nothing to send.</param>
    /// <param name="requeue">Puts this email's queue message back for the delay the provider asked for.</param>
    public async Task<ClaimedSendResult> SendAsync(
        IEmailClaim claim,
        string email,
        Func<CancellationToken, Task<EmailMessage?>> compose,
        Func<TimeSpan, CancellationToken, Task> requeue,
        CancellationToken cancellationToken)
    {
        // If reading fails (storage down) the claim stays until it runs out, and a redelivery in the meantime waits.
        var message = await compose(cancellationToken);
        if (message is null)
        {
            await claim.MarkNothingToSendAsync();
            return ClaimedSendResult.NothingToSend;
        }

        try
        {
            await sender.SendAsync(message with { MayAlreadyBeSent = claim.MayAlreadyBeSent }, cancellationToken);
        }
        catch (EmailThrottledException throttled)
        {
            // The provider said when to come back: hand the message back to the queue for that long rather than
            // sleeping inside the function (which would hold an instance and could outlive the function timeout).
            await claim.ReleaseAsync(failed: false);
            await requeue(throttled.RetryAfter, cancellationToken);
            LogThrottled(logger, email, throttled.RetryAfter);
            return ClaimedSendResult.Deferred;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure may come after the provider accepted the email (a timeout), so the attempt is counted and the
            // next one is sent as a possible repeat.
            await claim.ReleaseAsync(failed: true);

            // Provider errors can quote the recipient's address, and the host logs a failed invocation's exception,
            // so only the error's type travels on.
            throw new EmailSendFailedException(email, e.GetType().Name);
        }

        // Once the provider has it, record that whatever happens to this invocation's cancellation.
        if (!await RecordSentAsync(claim))
        {
            LogClaimLost(logger, email);
        }

        return ClaimedSendResult.Sent;
    }

    private async Task<bool> RecordSentAsync(IEmailClaim claim)
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        context.Properties.Set(HeldClaim, claim);
        try
        {
            var sentUtc = time.GetUtcNow();
            return await recordSent.ExecuteAsync(_ => new ValueTask<bool>(claim.MarkSentAsync(sentUtc)), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a sent email as sent ({Error}); attempt {Attempt} follows while its claim lasts")]
    private static partial void LogRecordSentRetry(ILogger logger, string error, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email provider throttled {Email}; back on the queue for {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, string email, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Email} was sent after its claim had lapsed; the provider sees the same idempotency key if another delivery sends it too")]
    private static partial void LogClaimLost(ILogger logger, string email);
}

/// <summary>Sending failed; carries no provider text, which may contain personal data. The queue retries.</summary>
public sealed class EmailSendFailedException(string email, string error)
    : Exception($"Sending {email} failed with {error}; the queue will try again.")
{
    /// <summary>The type name of what went wrong (never its message).</summary>
    public string Error { get; } = error;
}
