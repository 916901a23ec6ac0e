using System.Collections.Concurrent;
using HappyBabyHive.Payments.Webhooks;

namespace HappyBabyHive.TestSupport.Fakes;

/// <summary>
/// <see cref="IPaymentEventStore"/> and <see cref="IPaymentEventEnqueuer"/> in memory, for unit tests: the same rules
/// as the Table store (insert-if-absent by event id, claims that lapse, applied only goes to true).
/// </summary>
public sealed class InMemoryPaymentEvents : IPaymentEventStore, IPaymentEventEnqueuer
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Row> rows = new(StringComparer.Ordinal);

    /// <summary>Apply messages sent, in order.</summary>
    public ConcurrentQueue<string> Enqueued { get; } = new();

    /// <summary>Set to make the next <see cref="EnqueueAsync"/> calls throw (the queue is down).</summary>
    public Exception? EnqueueFailure { get; set; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return rows.Count;
            }
        }
    }

    public Task<bool> TryAddAsync(PaymentEvent paymentEvent, DateTimeOffset receivedUtc, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryAdd(paymentEvent.EventId, new Row(paymentEvent, receivedUtc)));
        }
    }

    public Task<StoredPaymentEvent?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue(eventId, out var row) ? new StoredPaymentEvent(row.Event, row.ReceivedUtc, row.AppliedUtc) : null);
        }
    }

    public Task<PaymentEventClaim> ClaimAsync(string eventId, DateTimeOffset nowUtc, DateTimeOffset claimedUntilUtc, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!rows.TryGetValue(eventId, out var row))
            {
                return Task.FromResult<PaymentEventClaim>(new PaymentEventClaim.NotFound());
            }

            if (row.AppliedUtc is not null)
            {
                return Task.FromResult<PaymentEventClaim>(new PaymentEventClaim.AlreadyApplied());
            }

            if (row.ClaimedUntilUtc > nowUtc)
            {
                return Task.FromResult<PaymentEventClaim>(new PaymentEventClaim.HeldElsewhere());
            }

            row.ClaimedUntilUtc = claimedUntilUtc;
            row.ClaimVersion++;
            return Task.FromResult<PaymentEventClaim>(new PaymentEventClaim.Claimed(row.Event, new Lease(this, row, row.ClaimVersion)));
        }
    }

    public Task<IReadOnlyList<string>> ListUnappliedAsync(DateTimeOffset receivedBeforeUtc, DateTimeOffset nowUtc, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<string> due = rows.Values
                .Where(r => r.AppliedUtc is null && r.ReceivedUtc < receivedBeforeUtc && !(r.ClaimedUntilUtc > nowUtc))
                .Select(r => r.Event.EventId).Order(StringComparer.Ordinal).Take(max).ToList();
            return Task.FromResult(due);
        }
    }

    public Task EnqueueAsync(string eventId, CancellationToken cancellationToken)
    {
        if (EnqueueFailure is { } failure)
        {
            throw failure;
        }

        Enqueued.Enqueue(eventId);
        return Task.CompletedTask;
    }

    private sealed class Row(PaymentEvent paymentEvent, DateTimeOffset receivedUtc)
    {
        public PaymentEvent Event { get; } = paymentEvent;
        public DateTimeOffset ReceivedUtc { get; } = receivedUtc;
        public DateTimeOffset? AppliedUtc { get; set; }
        public DateTimeOffset? ClaimedUntilUtc { get; set; }
        public int ClaimVersion { get; set; }
    }

    private sealed class Lease(InMemoryPaymentEvents store, Row row, int version) : IPaymentEventLease
    {
        public Task MarkAppliedAsync(DateTimeOffset appliedUtc, CancellationToken cancellationToken)
        {
            lock (store.gate)
            {
                row.AppliedUtc ??= appliedUtc;
                row.ClaimedUntilUtc = null;
            }

            return Task.CompletedTask;
        }

        public Task ReleaseAsync(CancellationToken cancellationToken)
        {
            lock (store.gate)
            {
                if (row.ClaimVersion == version)
                {
                    row.ClaimedUntilUtc = null;
                }
            }

            return Task.CompletedTask;
        }
    }
}
