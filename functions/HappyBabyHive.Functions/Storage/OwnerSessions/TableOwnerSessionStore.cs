using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.OwnerSessions;

/// <summary>The OwnerSessions table: the console's sessions, and the used free-place review links.</summary>
internal sealed class TableOwnerSessionStore(TableServiceClient tables, IOptions<StorageOptions> storage) : IOwnerSessionStore, IReviewLinkUses
{
    private TableClient Sessions => tables.GetTableClient(storage.Value.OwnerSessionsTable);

    public Task AddAsync(OwnerSessionRecord session, CancellationToken cancellationToken) =>
        Sessions.AddEntityAsync(
            new OwnerSessionEntity
            {
                PartitionKey = session.OwnerKey,
                RowKey = session.SessionId,
                Device = session.Device,
                CreatedUtc = session.CreatedUtc,
                SignedInUtc = session.SignedInUtc,
                LastSeenUtc = session.LastSeenUtc,
                AbsoluteExpiresUtc = session.AbsoluteExpiresUtc,
                RevokedUtc = session.RevokedUtc,
            },
            cancellationToken);

    public async Task<OwnerSessionRecord?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        var found = await Sessions.GetEntityIfExistsAsync<OwnerSessionEntity>(ownerKey, sessionId, cancellationToken: cancellationToken);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public async Task<IReadOnlyList<OwnerSessionRecord>> ListAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var sessions = new List<OwnerSessionRecord>();
        await foreach (var entity in Sessions.QueryAsync<OwnerSessionEntity>(e => e.PartitionKey == ownerKey, cancellationToken: cancellationToken))
        {
            sessions.Add(ToRecord(entity));
        }

        return sessions;
    }

    public async Task TouchAsync(string ownerKey, string sessionId, DateTimeOffset lastSeenUtc, CancellationToken cancellationToken)
    {
        // A merge of this one property: a revocation written meanwhile (another property) survives it.
        var touch = new TableEntity(ownerKey, sessionId) { [nameof(OwnerSessionEntity.LastSeenUtc)] = lastSeenUtc };
        await MergeIfExistsAsync(touch, cancellationToken);
    }

    public async Task RevokeAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, DateTimeOffset revokedUtc, CancellationToken cancellationToken)
    {
        foreach (var sessionId in sessionIds)
        {
            await MergeIfExistsAsync(new TableEntity(ownerKey, sessionId) { [nameof(OwnerSessionEntity.RevokedUtc)] = revokedUtc }, cancellationToken);
        }
    }

    public async Task<bool> TryUseAsync(string requestId, DateTimeOffset usedUtc, CancellationToken cancellationToken)
    {
        try
        {
            // Add fails if the row exists: that is what makes a review link open once.
            await Sessions.AddEntityAsync(new ReviewLinkUseEntity { RowKey = requestId, UsedUtc = usedUtc }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<bool> IsUsedAsync(string requestId, CancellationToken cancellationToken) =>
        (await Sessions.GetEntityIfExistsAsync<ReviewLinkUseEntity>(ReviewLinkUseEntity.Partition, requestId, cancellationToken: cancellationToken)).HasValue;

    private async Task MergeIfExistsAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Sessions.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Removed by retention meanwhile: nothing left to touch or revoke.
        }
    }

    private static OwnerSessionRecord ToRecord(OwnerSessionEntity e) =>
        new(e.PartitionKey, e.RowKey, e.Device, e.CreatedUtc, e.SignedInUtc, e.LastSeenUtc, e.AbsoluteExpiresUtc, e.RevokedUtc);
}
