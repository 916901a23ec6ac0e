namespace HappyBabyHive.Payments.Webhooks;

/// <summary>Stripe events received, each stored once by its event id, and whether each has been applied yet.</summary>
public interface IPaymentEventStore
{
    /// <summary>Stores the event unless one with its id is already stored (insert-if-absent); false for a duplicate.</summary>
    Task<bool> TryAddAsync(PaymentEvent paymentEvent, DateTimeOffset receivedUtc, CancellationToken cancellationToken);

    Task<StoredPaymentEvent?> GetAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a stored event for applying until <paramref name="claimedUntilUtc"/>, so two deliveries of its queue
    /// message (or a sweep and a retry) do not apply it at the same moment.
    /// </summary>
    Task<PaymentEventClaim> ClaimAsync(string eventId, DateTimeOffset nowUtc, DateTimeOffset claimedUntilUtc, CancellationToken cancellationToken);

    /// <summary>Ids of events received before <paramref name="receivedBeforeUtc"/>, not applied and not claimed now: the sweep's work.</summary>
    Task<IReadOnlyList<string>> ListUnappliedAsync(DateTimeOffset receivedBeforeUtc, DateTimeOffset nowUtc, int max, CancellationToken cancellationToken);
}

public abstract record PaymentEventClaim
{
    private PaymentEventClaim()
    {
    }

    public sealed record Claimed(PaymentEvent Event, IPaymentEventLease Lease) : PaymentEventClaim;

    public sealed record AlreadyApplied : PaymentEventClaim;

    /// <summary>Another delivery holds it; if that one dies, the claim lapses and the sweep sends it again.</summary>
    public sealed record HeldElsewhere : PaymentEventClaim;

    public sealed record NotFound : PaymentEventClaim;
}

/// <summary>A claimed event: mark it applied when the handler is done, or release it when the handler failed.</summary>
public interface IPaymentEventLease
{
    Task MarkAppliedAsync(DateTimeOffset appliedUtc, CancellationToken cancellationToken);

    Task ReleaseAsync(CancellationToken cancellationToken);
}

/// <summary>Sends "apply event E" (the id only: no personal data on queues).</summary>
public interface IPaymentEventEnqueuer
{
    Task EnqueueAsync(string eventId, CancellationToken cancellationToken);
}

/// <summary>
/// What a stored event does to bookings. Implemented by the booking flow once #15 lands (the lead wires it); until
/// then <see cref="UnwiredPaymentEventHandler"/> leaves every event unapplied. A handler may see an event again after
/// a crash between its work and the event being marked applied, so it must be idempotent (a state change, not a
/// counter), and it must tolerate events out of order (compare <see cref="PaymentEvent.OccurredUtc"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It handles payment events; not a .NET event delegate.")]
public interface IPaymentEventHandler
{
    Task<PaymentEventHandling> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken);
}

public enum PaymentEventHandling
{
    /// <summary>Done (or already true): mark the event applied.</summary>
    Applied,

    /// <summary>Not now (e.g. the booking's course was busy): leave it unapplied; the queue retries and the sweep re-sends.</summary>
    RetryLater,
}
