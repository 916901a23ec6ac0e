using Azure;
using Azure.Data.Tables;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Tips;

/// <summary>The "publication" partition of the TipPublications table: one row per published week, newest first.</summary>
internal sealed class TableTipPublications(TableServiceClient tables, IOptions<StorageOptions> storage) : ITipPublications
{
    private TableClient Publications => tables.GetTableClient(storage.Value.TipPublicationsTable);

    public async Task<PublishedWeek?> FindAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        var found = await Publications.GetEntityIfExistsAsync<TipPublicationEntity>(TipPublicationEntity.Partition, TipPublicationEntity.RowKeyFor(week), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToPublishedWeek(week) : null;
    }

    public async Task<PublishedWeek?> TryAddAsync(IsoWeekId week, TipPublication tip, CancellationToken cancellationToken)
    {
        var row = TipPublicationEntity.From(week, tip, new FanOutProgress(), version: null);
        try
        {
            var added = await Publications.AddEntityAsync(row, cancellationToken);
            row.ETag = added.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return row.ToPublishedWeek(week);
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists())
        {
            return null;
        }
    }

    public async Task<int> CurrentCycleAsync(CancellationToken cancellationToken)
    {
        // The newest publication is the first row (descending keys); its cycle is the one in progress.
        await foreach (var latest in Publications.QueryAsync<TableEntity>(
            p => p.PartitionKey == TipPublicationEntity.Partition, maxPerPage: 1, select: [nameof(TipPublicationEntity.Cycle)], cancellationToken: cancellationToken))
        {
            return latest.GetInt32(nameof(TipPublicationEntity.Cycle)) ?? 1;
        }

        return 1;
    }

    public async Task<IReadOnlySet<string>> TipsPublishedInCycleAsync(int cycle, CancellationToken cancellationToken)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Publications.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TipPublicationEntity.Partition} and Cycle eq {cycle}"),
            select: [nameof(TipPublicationEntity.TipId)], cancellationToken: cancellationToken))
        {
            used.Add(row.GetString(nameof(TipPublicationEntity.TipId)));
        }

        return used;
    }

    public async Task<PublishedWeek?> TrySaveFanOutAsync(PublishedWeek week, FanOutProgress progress, CancellationToken cancellationToken)
    {
        var row = TipPublicationEntity.From(week.Week, week.Tip, progress, week.Version);
        try
        {
            var response = await Publications.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return week with { FanOut = progress, Version = (response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.")).ToString("G") };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return null;
        }
    }

    public async Task<TipPublicationPage?> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var query = Publications.QueryAsync<TipPublicationEntity>(
            p => p.PartitionKey == TipPublicationEntity.Partition, maxPerPage: pageSize, cancellationToken: cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(continuation, pageSize))
            {
                return new TipPublicationPage([.. page.Values.Select(p => p.ToTip())], page.ContinuationToken);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException || e is RequestFailedException { Status: StorageStatus.BadRequest })
        {
            return null; // A token that decodes but that the storage SDK or service refuses.
        }

        return new TipPublicationPage([], null);
    }
}
