namespace HappyBabyHive.Payments;

/// <summary>
/// Taking and giving back money through Stripe. Every call carries an idempotency key, so a retried call (ours or
/// Stripe.net's) never charges or refunds twice, and every failure comes back as an outcome, never an exception.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>A Checkout Session for one booking: one line item (the course title), paid in GBP.</summary>
    Task<CheckoutOutcome> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken cancellationToken);

    /// <summary>Ends an open Checkout Session early (the family cancelled before paying), so it can no longer be paid.</summary>
    Task<ExpireOutcome> ExpireSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Reads a Checkout Session: which booking it is for (its metadata) and whether it has been paid.</summary>
    Task<SessionLookupOutcome> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Refunds all or part of a payment.</summary>
    Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}

/// <param name="CourseId">The course; goes into the session's metadata so the webhook can find the booking.</param>
/// <param name="Reference">The booking reference; the session's client_reference_id and metadata.</param>
/// <param name="CourseTitle">The one line item's name, as the parent sees it on Stripe's page and receipt.</param>
/// <param name="AmountPence">The price in pence (Stripe's smallest currency unit for GBP).</param>
/// <param name="CustomerEmail">Prefills Stripe's form; optional.</param>
/// <param name="Attempt">
/// Which checkout this is for the booking (1 for the first). Part of the idempotency key: a retried request for the
/// same attempt gets the same session back, while a new attempt after an earlier session expired (a family paying for
/// a place offered again) gets a new one instead of Stripe replaying the expired session for 24 hours.
/// </param>
/// <param name="ExpiresAtUtc">
/// When the session ends (Stripe's expires_at): the booking's held place's end, so a retry for the same attempt sends
/// the same parameters and Stripe replays the same session. Null: the configured lifetime from now (plus a minute).
/// </param>
public sealed record CheckoutRequest(string CourseId, string Reference, string CourseTitle, long AmountPence, string? CustomerEmail = null, int Attempt = 1, DateTimeOffset? ExpiresAtUtc = null);

/// <summary>A Checkout Session as the caller needs it: where to send the parent, and how long the place is held.</summary>
public sealed record CheckoutSession(string Id, Uri Url, DateTimeOffset ExpiresAtUtc);

/// <param name="PaymentIntentId">The payment to refund (pi_…), from the checkout.session.completed event.</param>
/// <param name="AmountPence">How much to give back, in pence; at most what is left of the payment.</param>
/// <param name="IdempotencyKey">
/// Names this refund (e.g. "refund:{course}:{reference}:cancelled"): the same key always means the same refund, so a
/// retry after a lost answer cannot refund twice. Letters, digits and <c>:_-</c>, at most 200 characters.
/// </param>
public sealed record RefundRequest(string PaymentIntentId, long AmountPence, string IdempotencyKey);

public sealed record Refund(string Id, long AmountPence, string Status);

/// <summary>Why a call to Stripe did not do what was asked.</summary>
public enum PaymentFailureKind
{
    /// <summary>Payments:Enabled is false (or no keys): nothing was sent to Stripe.</summary>
    NotEnabled,

    /// <summary>Stripe could not be reached, timed out, was rate limiting us or failed itself: try again later.</summary>
    Unavailable,

    /// <summary>Stripe refused the request as it stands (invalid parameters, amount too large, bad key): retrying won't help.</summary>
    Refused,

    /// <summary>The session or payment does not exist (in this Stripe account and mode).</summary>
    NotFound,

    /// <summary>The idempotency key was used before with different parameters.</summary>
    IdempotencyKeyReused,
}

/// <param name="StripeCode">Stripe's error code when it gave one (e.g. amount_too_large); never its message, which can echo input.</param>
public sealed record PaymentFailure(PaymentFailureKind Kind, string? StripeCode = null)
{
    /// <summary>How long to wait before trying again, for <see cref="PaymentFailureKind.Unavailable"/>.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
}

public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    public sealed record Created(CheckoutSession Session) : CheckoutOutcome;

    public sealed record Failed(PaymentFailure Failure) : CheckoutOutcome;
}

/// <param name="Status">Stripe's session status: open, complete or expired.</param>
/// <param name="Paid">payment_status is "paid" (or "no_payment_required").</param>
public sealed record CheckoutSessionState(string Id, string CourseId, string Reference, string Status, bool Paid);

public abstract record SessionLookupOutcome
{
    private SessionLookupOutcome()
    {
    }

    public sealed record Found(CheckoutSessionState Session) : SessionLookupOutcome;

    public sealed record Failed(PaymentFailure Failure) : SessionLookupOutcome;
}

public abstract record ExpireOutcome
{
    private ExpireOutcome()
    {
    }

    /// <summary>The session is now expired (or already was): it can no longer be paid.</summary>
    public sealed record Expired : ExpireOutcome;

    /// <summary>Too late: the parent has already paid. The caller must treat the booking as paid (or refund it).</summary>
    public sealed record AlreadyPaid : ExpireOutcome;

    public sealed record Failed(PaymentFailure Failure) : ExpireOutcome;
}

public abstract record RefundOutcome
{
    private RefundOutcome()
    {
    }

    public sealed record Refunded(Refund Refund) : RefundOutcome;

    /// <summary>The payment has already been refunded in full (charge_already_refunded): nothing more to give back.</summary>
    public sealed record AlreadyRefunded : RefundOutcome;

    public sealed record Failed(PaymentFailure Failure) : RefundOutcome;
}
