namespace HappyBabyHive.Payments.Webhooks;

/// <summary>The Stripe events the app acts on; anything else is acknowledged and not stored.</summary>
public enum PaymentEventType
{
    /// <summary>checkout.session.completed: the parent finished Checkout (paid, unless <see cref="PaymentEvent.Paid"/> is false for a delayed method).</summary>
    CheckoutCompleted,

    /// <summary>checkout.session.async_payment_succeeded: a delayed payment method (e.g. Bacs) has now paid.</summary>
    AsyncPaymentSucceeded,

    /// <summary>checkout.session.async_payment_failed: a delayed payment method failed after Checkout completed.</summary>
    AsyncPaymentFailed,

    /// <summary>checkout.session.expired: the session's lifetime passed (or we expired it) without payment.</summary>
    CheckoutExpired,

    /// <summary>charge.refunded: some or all of a payment was given back (by us, or by the owner in Stripe's dashboard).</summary>
    ChargeRefunded,
}

/// <summary>
/// What the app keeps of one Stripe event: the facts a booking needs, not Stripe's payload, which also carries the
/// payer's name, email, address and card details that the booking already has or the app must not hold.
/// </summary>
/// <param name="EventId">Stripe's event id (evt_…): the same event delivered twice has the same id.</param>
/// <param name="OccurredUtc">When Stripe created the event; events can arrive out of order, so handlers compare this.</param>
/// <param name="CourseId">From the session's or payment's metadata; empty only for a refund whose charge lost it (then use <paramref name="PaymentIntentId"/>).</param>
/// <param name="Reference">The booking reference, likewise.</param>
/// <param name="ObjectId">The session (cs_…) or charge (ch_…) the event is about.</param>
/// <param name="PaymentIntentId">The payment (pi_…), once there is one: what a refund names.</param>
/// <param name="AmountPence">The session's total, or the charge's amount.</param>
/// <param name="RefundedPence">For <see cref="PaymentEventType.ChargeRefunded"/>: the charge's total refunded so far (not this refund alone).</param>
/// <param name="Paid">Stripe says the money is in (payment_status "paid", or a captured charge).</param>
public sealed record PaymentEvent(
    string EventId,
    PaymentEventType Type,
    DateTimeOffset OccurredUtc,
    string CourseId,
    string Reference,
    string ObjectId,
    string? PaymentIntentId,
    long AmountPence,
    long RefundedPence,
    bool Paid);

/// <summary>An event as stored: when it arrived and, once a handler has applied it, when.</summary>
public sealed record StoredPaymentEvent(PaymentEvent Event, DateTimeOffset ReceivedUtc, DateTimeOffset? AppliedUtc);
