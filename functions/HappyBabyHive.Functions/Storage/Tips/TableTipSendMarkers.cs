using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Tips;

/// <summary>
/// Claims a week's tip for one subscriber with a per-week, per-subscriber marker: inserted with Add before sending
/// (409: another delivery has or had it), marked Sent after, deleted to give it back. A tip owes nothing until the
/// fan-out's message arrives, so the claim is the first row written, where an outbox email's row already exists.
/// </summary>
internal sealed class TableTipSendMarkers(TableServiceClient tables, IOptions<StorageOptions> storage, TimeProvider time) : ITipSendMarkers
{
    /// <summary>How long to wait before looking again at a marker that changed under us (just released or taken over).</summary>
    private static readonly TimeSpan MomentAgo = TimeSpan.FromSeconds(5);

    private TableClient Publications => tables.GetTableClient(storage.Value.TipPublicationsTable);

    public async Task<ClaimAttempt<IEmailClaim>> ClaimAsync(string week, string subscriber, TimeSpan claimFor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var marker = new TipSentEntity
        {
            PartitionKey = TipSentEntity.PartitionFor(week),
            RowKey = subscriber,
            Status = TipSendStatus.Sending,
            ClaimedUntilUtc = now + claimFor,
        };
        try
        {
            var added = await Publications.AddEntityAsync(marker, cancellationToken);
            marker.ETag = added.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return new ClaimAttempt<IEmailClaim>.Claimed(new Claim(Publications, marker, mayAlreadyBeSent: false));
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
        }

        var existing = await Publications.GetEntityIfExistsAsync<TipSentEntity>(marker.PartitionKey, marker.RowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return new ClaimAttempt<IEmailClaim>.HeldElsewhere(MomentAgo); // released a moment ago
        }

        var current = existing.Value!;
        if (current.Status == TipSendStatus.Sent)
        {
            return new ClaimAttempt<IEmailClaim>.AlreadyDone();
        }

        if (current.ClaimedUntilUtc > now)
        {
            return new ClaimAttempt<IEmailClaim>.HeldElsewhere(current.ClaimedUntilUtc.Value - now);
        }

        // The delivery that claimed it died without releasing (perhaps after the provider accepted the email): take it over.
        current.ClaimedUntilUtc = now + claimFor;
        try
        {
            var updated = await Publications.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken);
            current.ETag = updated.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return new ClaimAttempt<IEmailClaim>.Claimed(new Claim(Publications, current, mayAlreadyBeSent: true));
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            return new ClaimAttempt<IEmailClaim>.HeldElsewhere(MomentAgo);
        }
    }

    private sealed class Claim(TableClient publications, TipSentEntity marker, bool mayAlreadyBeSent) : IEmailClaim
    {
        public bool MayAlreadyBeSent => mayAlreadyBeSent;

        public DateTimeOffset HeldUntil { get; } = marker.ClaimedUntilUtc!.Value;

        // A failed attempt is not counted: deleting the marker gives the tip back whole, as if never claimed.
        public async Task ReleaseAsync(bool failed)
        {
            try
            {
                await publications.DeleteEntityAsync(marker, marker.ETag, CancellationToken.None);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
                // Already released or taken over.
            }
        }

        public async Task<bool> MarkSentAsync(DateTimeOffset sentUtc)
        {
            marker.Status = TipSendStatus.Sent;
            marker.SentUtc = sentUtc;
            marker.ClaimedUntilUtc = null;
            try
            {
                await publications.UpdateEntityAsync(marker, marker.ETag, TableUpdateMode.Replace, CancellationToken.None);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
                return false;
            }
        }

        // Nothing was sent, so no marker stays behind to say it was.
        public Task MarkNothingToSendAsync() => ReleaseAsync(failed: false);
    }
}
