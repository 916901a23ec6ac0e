using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Payments.Webhooks;

public enum ApplyResult
{
    Applied,
    AlreadyApplied,

    /// <summary>Another delivery is applying it right now.</summary>
    HeldElsewhere,

    /// <summary>The handler asked to try later; the event stays unapplied for the sweep.</summary>
    Deferred,

    /// <summary>No such stored event (a message for an id we never stored): nothing to do.</summary>
    NotFound,
}

/// <summary>
/// Applies one stored Stripe event through <see cref="IPaymentEventHandler"/>, once: it claims the event, hands it to
/// the handler, and marks it applied. A duplicate message finds it applied or claimed and does nothing. If the
/// handler throws, the claim is released and the exception goes on, so the queue retries the message.
/// </summary>
public sealed partial class PaymentEventApplier(IPaymentEventStore store, IPaymentEventHandler handler, TimeProvider time, ILogger<PaymentEventApplier> logger)
{
    /// <summary>Longer than any handler takes; if the applier dies, the event waits this long before the sweep re-sends it.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    public async Task<ApplyResult> ApplyAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claim = await store.ClaimAsync(eventId, now, now + ClaimFor, cancellationToken);
        switch (claim)
        {
            case PaymentEventClaim.AlreadyApplied:
                return ApplyResult.AlreadyApplied;
            case PaymentEventClaim.HeldElsewhere:
                return ApplyResult.HeldElsewhere;
            case PaymentEventClaim.NotFound:
                LogNotFound(logger, eventId);
                return ApplyResult.NotFound;
        }

        var (paymentEvent, lease) = (PaymentEventClaim.Claimed)claim;
        PaymentEventHandling handling;
        try
        {
            handling = await handler.HandleAsync(paymentEvent, cancellationToken);
        }
        catch
        {
            await lease.ReleaseAsync(CancellationToken.None);
            throw;
        }

        if (handling == PaymentEventHandling.RetryLater)
        {
            await lease.ReleaseAsync(CancellationToken.None);
            return ApplyResult.Deferred;
        }

        // Not cancellable: the handler's work is done, and leaving the event unmarked would only make it run again.
        await lease.MarkAppliedAsync(time.GetUtcNow(), CancellationToken.None);
        LogApplied(logger, eventId, paymentEvent.Type);
        return ApplyResult.Applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied Stripe event {EventId} ({Type})")]
    private static partial void LogApplied(ILogger logger, string eventId, PaymentEventType type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No stored Stripe event {EventId} to apply")]
    private static partial void LogNotFound(ILogger logger, string eventId);
}
