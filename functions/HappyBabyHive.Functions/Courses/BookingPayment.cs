namespace HappyBabyHive.Courses;

/// <summary>How a family pays for a place. Stored by name, so never rename one.</summary>
public enum PaymentMethod
{
    /// <summary>By card on Stripe Checkout, when they book (or claim an offered place).</summary>
    Card,

    /// <summary>
    /// By bank transfer or cash, when the owner allows it for the course (or while card payments are switched off): the
    /// place is confirmed unpaid and the owner marks it paid in the console.
    /// </summary>
    AnotherWay,
}

/// <summary>Where a booking's money stands, worked out from its amounts (never stored, so it can't disagree with them).</summary>
public enum PaymentState
{
    /// <summary>Nothing paid yet: awaiting Checkout, or owed by bank transfer or cash.</summary>
    Due,

    Paid,

    /// <summary>Some of the payment has been given back; the rest is kept.</summary>
    PartRefunded,

    Refunded,
}

/// <summary>
/// The money side of a paid place (null on a free place, and on a waitlisted family until they hold a place). Amounts are
/// pence (Stripe's unit for GBP). Changed through <c>CourseChangeSet.UpdateBooking</c>, in the same transaction as the
/// status change it belongs to.
/// </summary>
public sealed record BookingPayment
{
    public required PaymentMethod Method { get; init; }

    /// <summary>What this family's place costs, in pence: the course price when they booked (a later price change doesn't alter it).</summary>
    public required long AmountPence { get; init; }

    /// <summary>Card: the Checkout Session collecting the payment (cs_…), once one has been created.</summary>
    public string? CheckoutSessionId { get; init; }

    /// <summary>Card: how many Checkout Sessions this booking has had (1 for the first); part of the Stripe idempotency key.</summary>
    public int CheckoutAttempt { get; init; }

    /// <summary>While the booking is <see cref="BookingStatus.AwaitingPayment"/>: when the held place is released unless paid.</summary>
    public DateTimeOffset? HeldUntilUtc { get; init; }

    /// <summary>Card: Stripe's payment (pi_…), from checkout.session.completed; what a refund names.</summary>
    public string? PaymentIntentId { get; init; }

    /// <summary>What has been received, in pence (0 until paid).</summary>
    public long PaidPence { get; init; }

    /// <summary>When the payment was received (Stripe's event time, or when the owner marked it paid).</summary>
    public DateTimeOffset? PaidUtc { get; init; }

    /// <summary>The donation percentage (Settings) in force when the payment was received: the donation report uses this one.</summary>
    public decimal? DonationPercent { get; init; }

    /// <summary>
    /// A refund decided (cancellation within the policy, or the course cancelled) but not yet confirmed: what in total
    /// should have been given back once it is done. Recorded in the same transaction as the decision, so a crash before
    /// the call to Stripe can't lose it; the refund is then sent (and re-sent safely, under one idempotency key) until
    /// <see cref="RefundedPence"/> reaches it.
    /// </summary>
    public long RefundDuePence { get; init; }

    /// <summary>Why the refund is due, as the refund's idempotency key names it (e.g. "cancelled", "course-cancelled").</summary>
    public string? RefundReason { get; init; }

    /// <summary>What has been given back so far, in pence (Stripe's charge.refunded total, or the owner's record).</summary>
    public long RefundedPence { get; init; }

    public DateTimeOffset? RefundedUtc { get; init; }

    public PaymentState State =>
        PaidPence <= 0 ? PaymentState.Due
        : RefundedPence <= 0 ? PaymentState.Paid
        : RefundedPence >= PaidPence ? PaymentState.Refunded
        : PaymentState.PartRefunded;

    /// <summary>What the family still owes, in pence: the price until something is paid, then nothing.</summary>
    public long OwedPence => PaidPence > 0 ? 0 : AmountPence;

    /// <summary>What is kept after refunds, in pence.</summary>
    public long NetPence => PaidPence - RefundedPence;

    /// <summary>True while a decided refund has not yet been confirmed in full.</summary>
    public bool RefundOutstanding => RefundDuePence > RefundedPence;
}
