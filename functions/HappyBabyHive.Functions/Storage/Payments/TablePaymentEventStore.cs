using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Payments.Webhooks;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Payments;

/// <summary>
/// Stripe events in the Payments table. Storing once is Table Storage's own insert-if-absent (AddEntity, 409 when the
/// id exists), which is atomic, unlike a read-then-write; claims are ETag-conditional updates.
/// </summary>
internal sealed class TablePaymentEventStore(TableServiceClient tables, IOptions<StorageOptions> storage) : IPaymentEventStore
{
    private TableClient Payments => tables.GetTableClient(storage.Value.PaymentsTable);

    public async Task<bool> TryAddAsync(PaymentEvent paymentEvent, DateTimeOffset receivedUtc, CancellationToken cancellationToken)
    {
        try
        {
            await Payments.AddEntityAsync(PaymentEventEntity.From(paymentEvent, receivedUtc), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<StoredPaymentEvent?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var row = await Payments.GetEntityIfExistsAsync<PaymentEventEntity>(PaymentEventEntity.Partition, eventId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToStored() : null;
    }

    public async Task<PaymentEventClaim> ClaimAsync(string eventId, DateTimeOffset nowUtc, DateTimeOffset claimedUntilUtc, CancellationToken cancellationToken)
    {
        var row = await Payments.GetEntityIfExistsAsync<PaymentEventEntity>(PaymentEventEntity.Partition, eventId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new PaymentEventClaim.NotFound();
        }

        var entity = row.Value!;
        if (entity.Applied)
        {
            return new PaymentEventClaim.AlreadyApplied();
        }

        if (entity.ClaimedUntilUtc > nowUtc)
        {
            return new PaymentEventClaim.HeldElsewhere();
        }

        entity.ClaimedUntilUtc = claimedUntilUtc;
        try
        {
            var updated = await Payments.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = updated.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return new PaymentEventClaim.HeldElsewhere(); // another delivery claimed (or applied) it between our read and write
        }

        return new PaymentEventClaim.Claimed(entity.ToEvent(), new Lease(Payments, entity));
    }

    public async Task<IReadOnlyList<string>> ListUnappliedAsync(DateTimeOffset receivedBeforeUtc, DateTimeOffset nowUtc, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter<PaymentEventEntity>(
            e => e.PartitionKey == PaymentEventEntity.Partition && e.Applied == false && e.ReceivedUtc < receivedBeforeUtc);
        var due = new List<string>();
        await foreach (var entity in Payments.QueryAsync<PaymentEventEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            if (entity.ClaimedUntilUtc is { } until && until > nowUtc)
            {
                continue;
            }

            due.Add(entity.RowKey);
            if (due.Count == max)
            {
                break;
            }
        }

        return due;
    }

    private sealed class Lease(TableClient payments, PaymentEventEntity entity) : IPaymentEventLease
    {
        public async Task MarkAppliedAsync(DateTimeOffset appliedUtc, CancellationToken cancellationToken)
        {
            // Unconditional: "applied" only ever goes from false to true, so even if our claim lapsed and another
            // delivery took the event over, writing it cannot undo anything.
            var applied = new TableEntity(entity.PartitionKey, entity.RowKey)
            {
                [nameof(PaymentEventEntity.Applied)] = true,
                [nameof(PaymentEventEntity.AppliedUtc)] = appliedUtc,
                [nameof(PaymentEventEntity.ClaimedUntilUtc)] = null,
            };
            await payments.UpdateEntityAsync(applied, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            entity.ClaimedUntilUtc = null;
            try
            {
                await payments.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Taken over or gone: nothing of ours to release.
            }
        }
    }
}
