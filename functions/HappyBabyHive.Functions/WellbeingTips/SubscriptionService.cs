using FluentValidation;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.WellbeingTips;

public interface ISubscriptionService
{
    Task<SubscribeOutcome> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken);

    Task<ConfirmOutcome> ConfirmAsync(string subscriberKey, string consentId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes effect at once (sends already queued check the status just before sending) and is idempotent. Follows a
    /// link from before the issue-17 re-key to where the subscriber moved.
    /// </summary>
    Task<UnsubscribeOutcome> UnsubscribeAsync(string subscriberKey, CancellationToken cancellationToken);

    /// <summary>
    /// The booking form's tips box: makes sure the parent has a pending subscription and returns it (its confirm link
    /// goes in the email), or null when there is nothing to confirm (already subscribed, or unsubscribed since booking).
    /// </summary>
    Task<Subscriber?> EnsurePendingFromBookingAsync(TipsOptIn optIn, CancellationToken cancellationToken);
}

/// <summary>
/// Double opt-in. Every change to a subscriber is one transaction in the store (<see cref="ISubscriberStore.SaveAsync"/>):
/// the subscriber (guarded by the version read), a consent event, and, when a confirm email is owed, its outbox row, so
/// a stored request always gets its email (the outbox sweep resends it if the queue write is lost) and nothing is
/// half-written. A change that loses a race with a parallel one reads again through the app's one retry policy
/// (<see cref="ConcurrencyRetry"/>); when that runs out the HTTP layer answers 503 "busy" with Retry-After.
/// </summary>
public sealed partial class SubscriptionService(
    ISubscriberStore store,
    IEmailEnqueuer emailQueue,
    IValidator<SubscriptionRequest> validator,
    PersonalDataHasher hasher,
    IOptions<WellbeingTipsOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<SubscriptionService> logger) : ISubscriptionService
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    /// <summary>How long the outbox waits for the queue before the sweep assumes the message was lost.</summary>
    internal static readonly TimeSpan OutboxGracePeriod = OutboxGrace.Default;

    public async Task<SubscribeOutcome> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.LeaveThisEmpty))
        {
            LogHoneypot(logger);
            return new SubscribeOutcome.Ignored();
        }

        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return new SubscribeOutcome.Invalid(validation.ToFieldErrors());
        }

        var email = request.Email!.Trim();
        var firstName = string.IsNullOrWhiteSpace(request.FirstName) ? null : request.FirstName.Trim();
        var key = SubscriberKeys.For(hasher, email);
        var saved = await contention.ExecuteAsync(
            async token =>
            {
                var existing = await store.FindAsync(key, token);
                var now = time.GetUtcNow();
                if (PlanSubscribe(key, email, firstName, existing, now) is not { } subscriber)
                {
                    LogNothingToDo(logger, key, existing!.Status);
                    return null;
                }

                return await SaveAsync(subscriber, "requested", now, OutboxGracePeriod, token);
            },
            cancellationToken);
        if (saved is not null)
        {
            LogRequested(logger, key);
            await emailQueue.EnqueueOrLeaveToSweepAsync(saved.ConfirmEmail!, logger, cancellationToken);
        }

        return new SubscribeOutcome.Accepted();
    }

    /// <summary>The subscriber to save with a fresh confirm email, or null when there is nothing to do.</summary>
    private Subscriber? PlanSubscribe(string key, string email, string? firstName, Subscriber? existing, DateTimeOffset now)
    {
        switch (existing?.Status)
        {
            case null:
                return NewPending(key, email, firstName, ConsentSources.SubscribeForm, ConsentWording.Version, now, now);
            case SubscriberStatus.Confirmed:
                return null;
            case SubscriberStatus.Pending when existing.LastConfirmEmailUtc > now - options.Value.ConfirmResendAfter:
                return null; // A repeat (double click, retry): the first email is on its way.
            case SubscriberStatus.Pending:
                // Asked again later (lost the email?): the same request stands, so the first link keeps working too.
                return existing with
                {
                    FirstName = firstName ?? existing.FirstName,
                    ConsentVersion = ConsentWording.Version,
                    ConsentSource = ConsentSources.SubscribeForm,
                    ConsentRequestedUtc = now,
                    LastConfirmEmailUtc = now,
                };
            default:
                // Unsubscribed before: subscribing again is allowed, with fresh consent confirmed afresh.
                return Resubscribe(existing, firstName, ConsentSources.SubscribeForm, ConsentWording.Version, now, now);
        }
    }

    public async Task<Subscriber?> EnsurePendingFromBookingAsync(TipsOptIn optIn, CancellationToken cancellationToken)
    {
        var key = SubscriberKeys.For(hasher, optIn.Email);
        var firstName = FirstWord(optIn.ParentName);
        var askedAt = optIn.OptInUtc ?? optIn.BookedUtc;
        var version = string.IsNullOrEmpty(optIn.ConsentVersion) ? ConsentWording.Version : optIn.ConsentVersion;
        return await contention.ExecuteAsync(
            async token =>
            {
                var existing = await store.FindAsync(key, token);
                var now = time.GetUtcNow();
                Subscriber subscriber;
                switch (existing?.Status)
                {
                    case null:
                        subscriber = NewPending(key, optIn.Email.Trim(), firstName, ConsentSources.BookingForm, version, askedAt, now);
                        break;
                    case SubscriberStatus.Pending:
                        return existing;
                    case SubscriberStatus.Unsubscribed when existing.UnsubscribedUtc < askedAt:
                        subscriber = Resubscribe(existing, firstName, ConsentSources.BookingForm, version, askedAt, now);
                        break;
                    default:
                        // Already confirmed, or unsubscribed after ticking the box: nothing to ask.
                        return null;
                }

                // Changed in parallel (say, the parent also used the website form)? The policy reads again.
                await SaveAsync(subscriber, "requested", now, confirmEmailGrace: null, token);
                LogRequested(logger, key);
                return subscriber;
            },
            cancellationToken);
    }

    public Task<ConfirmOutcome> ConfirmAsync(string subscriberKey, string consentId, CancellationToken cancellationToken) =>
        contention.ExecuteAsync(
            async token =>
            {
                var subscriber = await FindByLinkAsync(subscriberKey, token);
                if (subscriber is null || !string.Equals(subscriber.ConsentId, consentId, StringComparison.Ordinal))
                {
                    return ConfirmOutcome.OutOfDate;
                }

                switch (subscriber.Status)
                {
                    case SubscriberStatus.Confirmed:
                        return ConfirmOutcome.AlreadyConfirmed;
                    case SubscriberStatus.Unsubscribed:
                        return ConfirmOutcome.OutOfDate;
                }

                var now = time.GetUtcNow();
                await SaveAsync(subscriber with { Status = SubscriberStatus.Confirmed, ConfirmedUtc = now }, "confirmed", now, confirmEmailGrace: null, token);
                LogConfirmed(logger, subscriber.Key);
                return ConfirmOutcome.Confirmed;
            },
            cancellationToken).AsTask();

    public Task<UnsubscribeOutcome> UnsubscribeAsync(string subscriberKey, CancellationToken cancellationToken) =>
        contention.ExecuteAsync(
            async token =>
            {
                var subscriber = await FindByLinkAsync(subscriberKey, token);
                if (subscriber is null)
                {
                    return UnsubscribeOutcome.NotFound;
                }

                if (subscriber.Status == SubscriberStatus.Unsubscribed)
                {
                    return UnsubscribeOutcome.AlreadyUnsubscribed; // Nothing to do: unsubscribing twice is the same as once.
                }

                var now = time.GetUtcNow();
                await SaveAsync(subscriber with { Status = SubscriberStatus.Unsubscribed, UnsubscribedUtc = now }, "withdrawn", now, confirmEmailGrace: null, token);
                LogUnsubscribed(logger, subscriber.Key);
                return UnsubscribeOutcome.Unsubscribed;
            },
            cancellationToken).AsTask();

    /// <summary>
    /// The subscriber an emailed link names: under the link's key, or, for a link sent before the issue-17 re-key
    /// (which names the old plain SHA-256 key), where the re-key job moved them (its forwarding row). The subscriber
    /// returned carries their current key, so a save lands in the right place.
    /// </summary>
    private async Task<Subscriber?> FindByLinkAsync(string key, CancellationToken cancellationToken) =>
        await store.FindAsync(key, cancellationToken)
        ?? (await store.FindMovedToAsync(SubscriberKeys.ForwardFrom(hasher, key), cancellationToken) is { } moved
            ? await store.FindAsync(moved, cancellationToken)
            : null);

    /// <summary>Saves, or throws <see cref="ConcurrencyConflictException"/> when a parallel change got there first (the policy reads again).</summary>
    private async ValueTask<SubscriberSaved> SaveAsync(
        Subscriber subscriber, string consentEvent, DateTimeOffset now, TimeSpan? confirmEmailGrace, CancellationToken cancellationToken) =>
        await store.SaveAsync(subscriber, consentEvent, now, confirmEmailGrace, cancellationToken) ?? throw new ConcurrencyConflictException();

    private static Subscriber NewPending(
        string key, string email, string? firstName, string source, string version, DateTimeOffset askedAt, DateTimeOffset now) => new()
    {
        Key = key,
        Email = email,
        FirstName = firstName,
        Status = SubscriberStatus.Pending,
        ConsentId = Subscriber.NewConsentId(),
        ConsentVersion = version,
        ConsentSource = source,
        ConsentRequestedUtc = askedAt,
        LastConfirmEmailUtc = now,
        CreatedUtc = now,
    };

    private static Subscriber Resubscribe(
        Subscriber subscriber, string? firstName, string source, string version, DateTimeOffset askedAt, DateTimeOffset now) => subscriber with
    {
        Status = SubscriberStatus.Pending,
        FirstName = firstName ?? subscriber.FirstName,
        ConsentId = Subscriber.NewConsentId(),
        ConsentVersion = version,
        ConsentSource = source,
        ConsentRequestedUtc = askedAt,
        ConfirmedUtc = null,
        LastConfirmEmailUtc = now,
    };

    private static string? FirstWord(string name) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} asked to subscribe; confirm email owed")]
    private static partial void LogRequested(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} asked again while {Status}; nothing new to send")]
    private static partial void LogNothingToDo(ILogger logger, string subscriber, SubscriberStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a tips subscription whose honeypot field was filled in")]
    private static partial void LogHoneypot(ILogger logger);
}
