using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Configuration;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceNotePurger
{
    /// <summary>Deletes notes (and decline messages) decided longer ago than the retention period; returns how many requests it cleared.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The privacy promise: a family's note may reveal mental-health information, so it is deleted a set number of days
/// after the owner decides. The decision, its date and its route stay, so the audit trail survives.
/// </summary>
public sealed partial class FreePlaceNotePurger(
    TableServiceClient tables,
    IOptions<StorageOptions> storage,
    IOptions<FreePlaceOptions> options,
    TimeProvider time,
    ILogger<FreePlaceNotePurger> logger) : IFreePlaceNotePurger
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(storage.Value.FreePlaceRequestsTable);
        var now = time.GetUtcNow();

        // The retention is applied when purging (not fixed at decision time), so shortening it takes effect at once.
        var cutoff = now.AddDays(-options.Value.NoteRetentionDays);
        var purged = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {FreePlaceKeys.RequestRow} and HasNote eq {true} and DecidedUtc le {cutoff}");
        await foreach (var request in table.QueryAsync<FreePlaceRequestEntity>(filter, cancellationToken: cancellationToken))
        {
            if (request.RequestStatus is not (FreePlaceStatus.Approved or FreePlaceStatus.Declined))
            {
                continue;
            }

            request.Note = null;
            request.DeclineMessage = null;
            request.HasNote = false;
            request.NotePurgedUtc = now;
            try
            {
                // Replace drops the null properties, so the text is gone from the stored entity, not just blanked.
                await table.UpdateEntityAsync(request, request.ETag, TableUpdateMode.Replace, cancellationToken);
                purged++;
                LogPurged(logger, request.PartitionKey);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed())
            {
                // Changed since we read it; tomorrow's run will catch it.
            }
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the note on free-place request {RequestId} after the retention period")]
    private static partial void LogPurged(ILogger logger, string requestId);
}
