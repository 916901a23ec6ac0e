using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using HappyBabyHive.Backups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Backups;

/// <summary>
/// Exports every table (<see cref="StorageOptions.BackedUpTables"/>) to the backup container, one folder per night:
/// <c>{night}/{Table}.jsonl</c> (one entity per line, see <see cref="BackupEntityJson"/>), then <c>{night}/manifest.json</c>
/// last, so a backup without its manifest is known to be incomplete and is never restored. Tables are stored under their
/// logical names (no test prefix), so a backup restores into whichever prefix the app runs with.
/// Restoring upserts every backed-up entity (a whole-entity replace): rows deleted or damaged since come back as they
/// were that night; rows created since are left alone. The container's blob versioning keeps earlier copies of a
/// night's folder if the timer runs twice.
/// </summary>
internal sealed partial class BlobTableBackups(
    TableServiceClient tables,
    BlobServiceClient blobs,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<BlobTableBackups> logger) : ITableBackups
{
    public const string ManifestName = "manifest.json";
    private const int MaxBatch = 100; // a table transaction holds at most 100 entities of one partition

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private BlobContainerClient Container => blobs.GetBlobContainerClient(options.Value.ContainerName);

    public async Task<BackupManifest> BackupAsync(CancellationToken cancellationToken)
    {
        var night = BackupNights.NightOf(time.GetUtcNow());
        // In Azure the container exists already (storage.bicep, with versioning and soft delete); locally it may not.
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (logical, physical) in Tables())
        {
            counts[logical] = await ExportAsync(physical, $"{night}/{logical}.jsonl", cancellationToken);
        }

        var manifest = new BackupManifest(night, time.GetUtcNow(), counts);
        await Container.GetBlobClient($"{night}/{ManifestName}").UploadAsync(
            BinaryData.FromObjectAsJson(manifest, ManifestJson),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        var entities = counts.Values.Sum();
        LogBackedUp(logger, night, counts.Count, entities);
        return manifest;
    }

    public async Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<BackupManifest>();
        if (!await Container.ExistsAsync(cancellationToken))
        {
            return found;
        }

        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
        {
            if (blob.Name.EndsWith("/" + ManifestName, StringComparison.Ordinal) && await ManifestAsync(blob.Name[..blob.Name.IndexOf('/', StringComparison.Ordinal)], cancellationToken) is { } manifest)
            {
                found.Add(manifest);
            }
        }

        return [.. found.OrderByDescending(m => m.Night, StringComparer.Ordinal)];
    }

    public async Task<RestoreOutcome> RestoreAsync(string? night, CancellationToken cancellationToken)
    {
        if (!BackupNights.IsNight(night))
        {
            return new RestoreOutcome.InvalidNight();
        }

        var manifest = await ManifestAsync(night!, cancellationToken);
        if (manifest is null)
        {
            return new RestoreOutcome.NotFound();
        }

        var restored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (logical, physical) in Tables().Where(t => manifest.Tables.ContainsKey(t.Logical)))
        {
            restored[logical] = await ImportAsync(physical, $"{night}/{logical}.jsonl", cancellationToken);
        }

        var entities = restored.Values.Sum();
        LogRestored(logger, night!, entities);
        return new RestoreOutcome.Restored(manifest, restored);
    }

    private IEnumerable<(string Logical, string Physical)> Tables()
    {
        var prefix = storage.Value.NamePrefix;
        return storage.Value.BackedUpTables.Select(physical => (physical[prefix.Length..], physical));
    }

    private async Task<BackupManifest?> ManifestAsync(string night, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Container.GetBlobClient($"{night}/{ManifestName}").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<BackupManifest>(ManifestJson);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return null;
        }
    }

    private async Task<int> ExportAsync(string table, string blobName, CancellationToken cancellationToken)
    {
        var client = tables.GetTableClient(table);
        var count = 0;
        var blob = Container.GetBlobClient(blobName);
        await using (var stream = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, cancellationToken))
        {
            var line = new ArrayBufferWriter<byte>();
            await using var json = new Utf8JsonWriter(line);
            try
            {
                await foreach (var entity in client.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                {
                    BackupEntityJson.Write(json, entity);
                    await json.FlushAsync(cancellationToken);
                    line.Write("\n"u8);
                    await stream.WriteAsync(line.WrittenMemory, cancellationToken);
                    line.Clear();
                    json.Reset(line);
                    count++;
                }
            }
            catch (RequestFailedException e) when (e.IsNotFound())
            {
                // The table has never been written to (created on first use): an empty export.
            }
        }

        return count;
    }

    private async Task<int> ImportAsync(string table, string blobName, CancellationToken cancellationToken)
    {
        var client = tables.GetTableClient(table);
        await client.CreateIfNotExistsAsync(cancellationToken);
        var download = await Container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        using var reader = new StreamReader(download.Value.Content, Encoding.UTF8);

        var count = 0;
        var batch = new List<TableTransactionAction>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var entity = BackupEntityJson.Read(line);
            if (batch.Count == MaxBatch || (batch.Count > 0 && batch[0].Entity.PartitionKey != entity.PartitionKey))
            {
                await client.SubmitTransactionAsync(batch, cancellationToken);
                batch.Clear();
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            count++;
        }

        if (batch.Count > 0)
        {
            await client.SubmitTransactionAsync(batch, cancellationToken);
        }

        return count;
    }

    [LoggerMessage(EventId = 1101, EventName = "TablesBackedUp", Level = LogLevel.Information, Message = "Backed up {TableCount} tables ({EntityCount} entities) to folder {Night}")]
    private static partial void LogBackedUp(ILogger logger, string night, int tableCount, int entityCount);

    [LoggerMessage(EventId = 1102, EventName = "TablesRestored", Level = LogLevel.Warning, Message = "Restored {EntityCount} entities from the backup of {Night}")]
    private static partial void LogRestored(ILogger logger, string night, int entityCount);
}
