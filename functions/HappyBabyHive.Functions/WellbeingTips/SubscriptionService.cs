using Azure.Data.Tables;
using FluentValidation;
using HappyBabyHive.Bookings;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

public interface ISubscriptionService
{
    Task<SubscribeOutcome> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken);

    Task<ConfirmOutcome> ConfirmAsync(string subscriberKey, string consentId, CancellationToken cancellationToken);

    /// <summary>Takes effect at once (sends already queued check the status just before sending) and is idempotent.</summary>
    Task UnsubscribeAsync(string subscriberKey, CancellationToken cancellationToken);

    /// <summary>
    /// The booking form's tips box: makes sure the parent has a pending subscription and returns it (its confirm link
    /// goes in the email), or null when there is nothing to confirm (already subscribed, or unsubscribed since booking).
    /// </summary>
    Task<SubscriberEntity?> EnsurePendingFromBookingAsync(BookingEntity booking, CancellationToken cancellationToken);
}

/// <summary>
/// Double opt-in. Every change to a subscriber is one Table transaction in their partition: the subscriber row (ETag
/// guarded), a consent event, and, when a confirm email is owed, its outbox row, so a stored request always gets its
/// email (the outbox sweep resends it if the queue write is lost) and nothing is half-written.
/// </summary>
public sealed partial class SubscriptionService(
    TableServiceClient tables,
    IEmailEnqueuer emailQueue,
    IValidator<SubscriptionRequest> validator,
    IOptions<StorageOptions> storage,
    IOptions<WellbeingTipsOptions> options,
    TimeProvider time,
    ILogger<SubscriptionService> logger) : ISubscriptionService
{
    private const int MaxAttempts = 5;

    /// <summary>How long the outbox waits for the queue before the sweep assumes the message was lost.</summary>
    internal static readonly TimeSpan OutboxGracePeriod = TimeSpan.FromMinutes(10);

    private TableClient Table => tables.GetTableClient(storage.Value.TipSubscribersTable);

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
        var key = SubscriberKeys.For(email);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindAsync(key, cancellationToken);
            var now = time.GetUtcNow();
            var (actions, outbox) = PlanSubscribe(key, email, firstName, existing, now);
            if (actions.Count == 0)
            {
                LogNothingToDo(logger, key, existing!.Status);
                return new SubscribeOutcome.Accepted();
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                continue; // A parallel request for the same address changed the row first; look again.
            }

            LogRequested(logger, key);
            await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.TipSubscribers, key, outbox!.RowKey), logger, cancellationToken);
            return new SubscribeOutcome.Accepted();
        }
    }

    private (List<TableTransactionAction> Actions, OutboxEntity? Outbox) PlanSubscribe(
        string key, string email, string? firstName, SubscriberEntity? existing, DateTimeOffset now)
    {
        SubscriberEntity subscriber;
        TableTransactionAction write;
        switch (existing?.SubscriberStatus)
        {
            case null:
                subscriber = NewPending(key, email, firstName, ConsentSources.SubscribeForm, ConsentWording.Version, now, now);
                write = new(TableTransactionActionType.Add, subscriber);
                break;
            case SubscriberStatus.Confirmed:
                return ([], null);
            case SubscriberStatus.Pending when existing.LastConfirmEmailUtc > now - options.Value.ConfirmResendAfter:
                return ([], null); // A repeat (double click, retry): the first email is on its way.
            case SubscriberStatus.Pending:
                // Asked again later (lost the email?): the same request stands, so the first link keeps working too.
                subscriber = existing;
                subscriber.FirstName = firstName ?? subscriber.FirstName;
                subscriber.ConsentVersion = ConsentWording.Version;
                subscriber.ConsentSource = ConsentSources.SubscribeForm;
                subscriber.ConsentRequestedUtc = now;
                subscriber.LastConfirmEmailUtc = now;
                write = new(TableTransactionActionType.UpdateReplace, subscriber, subscriber.ETag);
                break;
            default:
                // Unsubscribed before: subscribing again is allowed, with fresh consent confirmed afresh.
                subscriber = Resubscribe(existing, firstName, ConsentSources.SubscribeForm, ConsentWording.Version, now, now);
                write = new(TableTransactionActionType.UpdateReplace, subscriber, subscriber.ETag);
                break;
        }

        var outbox = OutboxEntity.Create(
            key, $"{SubscriberKeys.OutboxPrefix}{now.UtcTicks:D19}|{EmailTemplates.TipsConfirm}", EmailTemplates.TipsConfirm,
            SubscriberKeys.ProfileRow, now, OutboxGracePeriod);
        return (
            [write, new(TableTransactionActionType.Add, ConsentEventEntity.For(subscriber, "requested", now)), new(TableTransactionActionType.Add, outbox)],
            outbox);
    }

    public async Task<SubscriberEntity?> EnsurePendingFromBookingAsync(BookingEntity booking, CancellationToken cancellationToken)
    {
        var key = SubscriberKeys.For(booking.Email);
        var firstName = FirstWord(booking.ParentName);
        var askedAt = booking.WellbeingTipsOptInUtc ?? booking.CreatedUtc;
        var version = string.IsNullOrEmpty(booking.WellbeingTipsConsentVersion) ? ConsentWording.Version : booking.WellbeingTipsConsentVersion;
        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindAsync(key, cancellationToken);
            var now = time.GetUtcNow();
            SubscriberEntity subscriber;
            TableTransactionAction write;
            switch (existing?.SubscriberStatus)
            {
                case null:
                    subscriber = NewPending(key, booking.Email.Trim(), firstName, ConsentSources.BookingForm, version, askedAt, now);
                    write = new(TableTransactionActionType.Add, subscriber);
                    break;
                case SubscriberStatus.Pending:
                    return existing;
                case SubscriberStatus.Unsubscribed when existing.UnsubscribedUtc < askedAt:
                    subscriber = Resubscribe(existing, firstName, ConsentSources.BookingForm, version, askedAt, now);
                    write = new(TableTransactionActionType.UpdateReplace, subscriber, subscriber.ETag);
                    break;
                default:
                    // Already confirmed, or unsubscribed after ticking the box: nothing to ask.
                    return null;
            }

            try
            {
                await Table.SubmitTransactionAsync([write, new(TableTransactionActionType.Add, ConsentEventEntity.For(subscriber, "requested", now))], cancellationToken);
                LogRequested(logger, key);
                return subscriber;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Changed in parallel (say, the parent also used the website form); look again.
            }
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string subscriberKey, string consentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var subscriber = await FindAsync(subscriberKey, cancellationToken);
            if (subscriber is null || !string.Equals(subscriber.ConsentId, consentId, StringComparison.Ordinal))
            {
                return ConfirmOutcome.OutOfDate;
            }

            switch (subscriber.SubscriberStatus)
            {
                case SubscriberStatus.Confirmed:
                    return ConfirmOutcome.AlreadyConfirmed;
                case SubscriberStatus.Unsubscribed:
                    return ConfirmOutcome.OutOfDate;
            }

            var now = time.GetUtcNow();
            subscriber.Status = nameof(SubscriberStatus.Confirmed);
            subscriber.ConfirmedUtc = now;
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, subscriber, subscriber.ETag),
                    new(TableTransactionActionType.Add, ConsentEventEntity.For(subscriber, "confirmed", now)),
                ], cancellationToken);
                LogConfirmed(logger, subscriberKey);
                return ConfirmOutcome.Confirmed;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
            }
        }
    }

    public async Task UnsubscribeAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var subscriber = await FindAsync(subscriberKey, cancellationToken);
            if (subscriber is null || subscriber.SubscriberStatus == SubscriberStatus.Unsubscribed)
            {
                return; // Nothing to do: unsubscribing twice is the same as once.
            }

            var now = time.GetUtcNow();
            subscriber.Status = nameof(SubscriberStatus.Unsubscribed);
            subscriber.UnsubscribedUtc = now;
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, subscriber, subscriber.ETag),
                    new(TableTransactionActionType.Add, ConsentEventEntity.For(subscriber, "withdrawn", now)),
                ], cancellationToken);
                LogUnsubscribed(logger, subscriberKey);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
            }
        }
    }

    private async Task<SubscriberEntity?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<SubscriberEntity>(key, SubscriberKeys.ProfileRow, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static SubscriberEntity NewPending(
        string key, string email, string? firstName, string source, string version, DateTimeOffset askedAt, DateTimeOffset now) => new()
    {
        PartitionKey = key,
        Email = email,
        FirstName = firstName,
        Status = nameof(SubscriberStatus.Pending),
        ConsentId = SubscriberEntity.NewConsentId(),
        ConsentVersion = version,
        ConsentSource = source,
        ConsentRequestedUtc = askedAt,
        LastConfirmEmailUtc = now,
        CreatedUtc = now,
    };

    private static SubscriberEntity Resubscribe(
        SubscriberEntity subscriber, string? firstName, string source, string version, DateTimeOffset askedAt, DateTimeOffset now)
    {
        subscriber.Status = nameof(SubscriberStatus.Pending);
        subscriber.FirstName = firstName ?? subscriber.FirstName;
        subscriber.ConsentId = SubscriberEntity.NewConsentId();
        subscriber.ConsentVersion = version;
        subscriber.ConsentSource = source;
        subscriber.ConsentRequestedUtc = askedAt;
        subscriber.ConfirmedUtc = null;
        subscriber.LastConfirmEmailUtc = now;
        return subscriber;
    }

    private static string? FirstWord(string name) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();


    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} asked to subscribe; confirm email owed")]
    private static partial void LogRequested(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} asked again while {Status}; nothing new to send")]
    private static partial void LogNothingToDo(ILogger logger, string subscriber, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips subscriber {Subscriber} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string subscriber);


    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a tips subscription whose honeypot field was filled in")]
    private static partial void LogHoneypot(ILogger logger);
}
