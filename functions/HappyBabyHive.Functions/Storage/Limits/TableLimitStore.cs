using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Abuse;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Limits;

/// <summary>
/// The Limits table: a counter's windows share its partition (row = the window's start), one-use ids have a partition
/// each. Increments are read-modify-write guarded by the row's ETag (insert when new), so two instances counting at
/// once both land; rows carry their expiry, and <see cref="DeleteExpiredAsync"/> deletes them once it has passed.
/// </summary>
internal sealed class TableLimitStore(TableServiceClient tables, IOptions<StorageOptions> storage) : ILimitStore
{
    /// <summary>Lost races one increment may take before it gives up (the caller fails open and logs).</summary>
    private const int MaxAttempts = 20;

    private TableClient Limits => tables.GetTableClient(storage.Value.LimitsTable);

    public async Task<int> ReadAsync(string counter, DateTimeOffset windowStartUtc, CancellationToken cancellationToken)
    {
        var found = await Limits.GetEntityIfExistsAsync<LimitCounterEntity>(counter, WindowRow(windowStartUtc), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.Count : 0;
    }

    public async Task<int> IncrementAsync(string counter, DateTimeOffset windowStartUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        var row = WindowRow(windowStartUtc);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var found = await Limits.GetEntityIfExistsAsync<LimitCounterEntity>(counter, row, cancellationToken: cancellationToken);
                if (!found.HasValue)
                {
                    await Limits.AddEntityAsync(new LimitCounterEntity { PartitionKey = counter, RowKey = row, Count = 1, ExpiresUtc = expiresUtc }, cancellationToken);
                    return 1;
                }

                var entity = found.Value!;
                entity.Count++;
                await Limits.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return entity.Count;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                // Another instance added or changed the row since we read it: read again and add one to its count.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
            }
        }
    }

    public async Task<bool> TryUseOnceAsync(string id, string? requestKey, DateTimeOffset expiresUtc, CancellationToken cancellationToken)
    {
        var requestHash = string.IsNullOrEmpty(requestKey) ? null : RequestHash(requestKey);
        try
        {
            // Add fails when the row exists: that is what makes the id good once, across instances.
            await Limits.AddEntityAsync(
                new LimitCounterEntity { PartitionKey = id, RowKey = LimitCounterEntity.UsedRow, Count = 1, ExpiresUtc = expiresUtc, RequestHash = requestHash },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Used before: still good for the very request that used it (sent again), never for another.
            if (requestHash is null)
            {
                return false;
            }

            var first = await Limits.GetEntityIfExistsAsync<LimitCounterEntity>(id, LimitCounterEntity.UsedRow, cancellationToken: cancellationToken);
            return first.HasValue && first.Value!.RequestHash == requestHash;
        }
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset expiredBeforeUtc, CancellationToken cancellationToken)
    {
        // Every counter and token has a partition of its own and the expiry is only a property, so this is a filtered
        // scan of the whole table (docs/abuse-resistance.md, "Clean-up"): cheap because the daily run leaves about a
        // day of rows. Rows are deleted page by page as they are found, so a long backlog never sits in memory.
        var deleted = 0;
        var expired = Limits.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ExpiresUtc lt {expiredBeforeUtc}"),
            maxPerPage: 1000,
            select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)],
            cancellationToken: cancellationToken);
        try
        {
            await foreach (var page in expired.AsPages())
            {
                foreach (var partition in page.Values.GroupBy(r => r.PartitionKey))
                {
                    foreach (var rows in partition.Chunk(100))
                    {
                        deleted += await DeleteAsync(rows, cancellationToken);
                    }
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // No Limits table yet: nothing was ever counted.
        }

        return deleted;
    }

    /// <summary>
    /// Deletes rows of one partition, each only as it was found (its ETag): a row counted again since, which only a
    /// window that is still current can be, stays. One transaction when nothing changed, else row by row.
    /// </summary>
    private async Task<int> DeleteAsync(TableEntity[] rows, CancellationToken cancellationToken)
    {
        if (rows.Length > 1)
        {
            try
            {
                await Limits.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
                return rows.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another run deleted one, or one was counted again: fall back to one at a time.
            }
        }

        var deleted = 0;
        foreach (var row in rows)
        {
            try
            {
                await Limits.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
            }
        }

        return deleted;
    }

    // The client's idempotency key is not personal data, but a hash keeps client-supplied text out of the table.
    private static string RequestHash(string requestKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestKey)));

    private static string WindowRow(DateTimeOffset windowStartUtc) =>
        windowStartUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
}

internal sealed class LimitCounterEntity : ITableEntity
{
    public const string UsedRow = "used";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Count { get; set; }

    /// <summary>When the row stops mattering (the window's end, the token's expiry): safe to delete after this.</summary>
    public DateTimeOffset ExpiresUtc { get; set; }

    /// <summary>For a used form token: a hash of the idempotency key of the request that used it.</summary>
    public string? RequestHash { get; set; }
}
