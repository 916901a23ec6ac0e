using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace HappyBabyHive.Payments.Webhooks;

public abstract record WebhookReceipt
{
    private WebhookReceipt()
    {
    }

    /// <summary>New: stored, and its apply message sent (or left to the sweep if the queue was down).</summary>
    public sealed record Stored(string EventId) : WebhookReceipt;

    /// <summary>Seen before (Stripe retries and may deliver twice): nothing changed.</summary>
    public sealed record Duplicate(string EventId) : WebhookReceipt;

    /// <summary>Correctly signed but not an event the app acts on (or not about one of our bookings): acknowledged, not stored.</summary>
    public sealed record Ignored(string EventId) : WebhookReceipt;

    /// <summary>No valid signature for this body within the tolerance (forged, altered, stale or replayed late): nothing stored.</summary>
    public sealed record BadSignature : WebhookReceipt;

    /// <summary>Signed correctly, but not a Stripe event we can read.</summary>
    public sealed record Unreadable : WebhookReceipt;

    /// <summary>Payments are turned off here: there is no secret to check a signature with.</summary>
    public sealed record NotEnabled : WebhookReceipt;
}

/// <summary>
/// Receives one webhook delivery: checks Stripe's signature on the exact bytes received, keeps the few facts the app
/// needs, stores them once by event id and asks the queue to apply them. It answers as soon as the event is stored,
/// because Stripe waits only a few seconds for a 2xx and retries otherwise.
/// </summary>
public sealed partial class StripeWebhookReceiver(
    IPaymentEventStore store,
    IPaymentEventEnqueuer queue,
    IOptions<PaymentOptions> options,
    TimeProvider time,
    ILogger<StripeWebhookReceiver> logger)
{
    public async Task<WebhookReceipt> ReceiveAsync(string payload, string? signatureHeader, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return new WebhookReceipt.NotEnabled();
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            LogRefused(logger, "no Stripe-Signature header");
            return new WebhookReceipt.BadSignature();
        }

        Event stripeEvent;
        try
        {
            // Verified on the body exactly as received (any re-serialising would break the HMAC), against our
            // TimeProvider's clock. Stripe.net would otherwise throw when the endpoint's API version differs from the
            // library's; we read only fields that are stable across versions, so a dashboard upgrade must not stop payments.
            stripeEvent = EventUtility.ConstructEvent(
                payload, signatureHeader, settings.WebhookSecret, settings.SignatureToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException)
        {
            // The signature is checked before anything is parsed, and with the version check off a StripeException
            // means it failed: no v1 signature, a mismatch, or a timestamp outside the tolerance. Stripe.net's message
            // says which; the header and body are not logged.
            LogRefused(logger, "signature invalid or outside the tolerance");
            return new WebhookReceipt.BadSignature();
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            LogUnreadable(logger, e.GetType().Name);
            return new WebhookReceipt.Unreadable();
        }

        if (!IsEventId(stripeEvent.Id))
        {
            LogUnreadable(logger, "event id");
            return new WebhookReceipt.Unreadable();
        }

        if (Summarise(stripeEvent) is not { } paymentEvent)
        {
            LogIgnored(logger, stripeEvent.Id, stripeEvent.Type);
            return new WebhookReceipt.Ignored(stripeEvent.Id);
        }

        if (!await store.TryAddAsync(paymentEvent, time.GetUtcNow(), cancellationToken))
        {
            LogDuplicate(logger, paymentEvent.EventId);
            return new WebhookReceipt.Duplicate(paymentEvent.EventId);
        }

        try
        {
            await queue.EnqueueAsync(paymentEvent.EventId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The event is stored: acknowledging is right (a 5xx would make Stripe send it again for nothing), and the
            // sweep sends the apply message for any stored event left unapplied.
            LogEnqueueFailed(logger, paymentEvent.EventId, e.GetType().Name);
        }

        return new WebhookReceipt.Stored(paymentEvent.EventId);
    }

    /// <summary>The event's facts, or null when it is not one we act on or not about one of our bookings.</summary>
    internal static PaymentEvent? Summarise(Event stripeEvent)
    {
        var occurred = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        switch (stripeEvent.Type, stripeEvent.Data?.Object)
        {
            case (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or
                  EventTypes.CheckoutSessionAsyncPaymentFailed or EventTypes.CheckoutSessionExpired, Session session):
                if (!TryBooking(session.Metadata, session.ClientReferenceId, out var courseId, out var reference))
                {
                    return null;
                }

                var type = stripeEvent.Type switch
                {
                    EventTypes.CheckoutSessionCompleted => PaymentEventType.CheckoutCompleted,
                    EventTypes.CheckoutSessionAsyncPaymentSucceeded => PaymentEventType.AsyncPaymentSucceeded,
                    EventTypes.CheckoutSessionAsyncPaymentFailed => PaymentEventType.AsyncPaymentFailed,
                    _ => PaymentEventType.CheckoutExpired,
                };
                return new PaymentEvent(stripeEvent.Id, type, occurred, courseId, reference, session.Id, session.PaymentIntentId,
                    session.AmountTotal ?? 0, 0, session.PaymentStatus == "paid");

            case (EventTypes.ChargeRefunded, Charge charge):
                // Stripe does not copy a payment intent's metadata to its charge, so a refund made in Stripe's
                // dashboard usually names the booking only through its payment intent: such an event is kept with an
                // empty course and reference, and the handler finds the booking that recorded that payment intent
                // (never a call to Stripe here: the receiver only stores and acknowledges).
                if (!TryBooking(charge.Metadata, null, out courseId, out reference) && string.IsNullOrEmpty(charge.PaymentIntentId))
                {
                    return null;
                }

                return new PaymentEvent(stripeEvent.Id, PaymentEventType.ChargeRefunded, occurred, courseId, reference, charge.Id, charge.PaymentIntentId,
                    charge.Amount, charge.AmountRefunded, charge.Paid);

            default:
                return null;
        }
    }

    // Sessions made by this app carry both in metadata; client_reference_id is the same reference, kept as a fallback
    // for a session whose metadata was edited in the dashboard.
    private static bool TryBooking(Dictionary<string, string>? metadata, string? clientReference, out string courseId, out string reference)
    {
        courseId = metadata?.TryGetValue(PaymentMetadata.CourseId, out var c) == true ? c : string.Empty;
        reference = metadata?.TryGetValue(PaymentMetadata.Reference, out var r) == true ? r : clientReference ?? string.Empty;
        if (courseId.Length is > 0 and <= 80 && reference.Length is > 0 and <= 80)
        {
            return true;
        }

        courseId = reference = string.Empty;
        return false;
    }

    /// <summary>Stripe's event ids (evt_ and letters/digits): safe as a table key and a queue message.</summary>
    public static bool IsEventId(string? id) => id is { Length: > 4 and <= 100 } && EventId().IsMatch(id);

    [GeneratedRegex("^evt_[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EventId();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Stripe webhook: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A correctly signed Stripe webhook could not be read ({Problem})")]
    private static partial void LogUnreadable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) acknowledged and ignored: not one the app acts on")]
    private static partial void LogIgnored(ILogger logger, string eventId, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} was already stored: duplicate delivery, nothing changed")]
    private static partial void LogDuplicate(ILogger logger, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} is stored but its apply message could not be sent ({ExceptionType}); the sweep will send it")]
    private static partial void LogEnqueueFailed(ILogger logger, string eventId, string exceptionType);
}
