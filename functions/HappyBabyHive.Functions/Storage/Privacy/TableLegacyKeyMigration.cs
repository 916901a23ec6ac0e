using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Links;
using HappyBabyHive.Privacy;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Privacy;

/// <summary>
/// Moves rows keyed on a plain SHA-256 of an address (written before issue 17) to the keyed hash. Idempotent and
/// resumable: each row is found by what it still is (a family pointer without the keyed marker, a subscriber whose key
/// is the plain hash of its own address), so a run that stops half-way is finished by the next, and a run with nothing
/// left to move changes nothing. Each step writes the new row before deleting the old, so a crash in between leaves a
/// duplicate (which the next run removes), never a loss. A moved subscriber leaves a forwarding row
/// (<see cref="SubscriberKeys.ForwardFrom"/>) so the confirm and unsubscribe links in emails sent before the move still
/// work; retention deletes it once the last of those links has expired.
/// </summary>
internal sealed class TableLegacyKeyMigration(TableServiceClient tables, IOptions<StorageOptions> storage, PersonalDataHasher hasher, TimeProvider time) : ILegacyKeyMigration
{
    public async Task<LegacyKeyMigrationCounts> RunAsync(CancellationToken cancellationToken)
    {
        var pointers = await MoveFamilyPointersAsync(cancellationToken);
        var (subscribers, markers) = await MoveSubscribersAsync(cancellationToken);
        return new LegacyKeyMigrationCounts(pointers, subscribers, markers);
    }

    private async Task<int> MoveFamilyPointersAsync(CancellationToken cancellationToken)
    {
        var bookings = tables.GetTableClient(storage.Value.BookingsTable);
        var legacy = (await RowsAsync(bookings, TableClient.CreateQueryFilter($"RowKey ge {RowKeys.FamilyPrefix} and RowKey lt {RowKeys.PrefixEnd(RowKeys.FamilyPrefix)}"), cancellationToken))
            .Where(r => !r.RowKey.StartsWith(RowKeys.KeyedFamilyPrefix, StringComparison.Ordinal))
            .ToList();
        var moved = 0;
        foreach (var pointer in legacy)
        {
            var reference = pointer.GetString("Reference") ?? string.Empty;
            var booking = TableKeys.IsSafeRowKeyPart(reference)
                ? await bookings.GetEntityIfExistsAsync<TableEntity>(pointer.PartitionKey, RowKeys.Booking(reference), cancellationToken: cancellationToken)
                : null;
            var email = booking is { HasValue: true } ? booking.Value!.GetString("Email") : null;
            var baby = booking is { HasValue: true } ? booking.Value!.GetString("BabyFirstName") : null;
            List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, pointer, ETag.All)];

            // Only a pointer that really is this booking's family's is moved; one whose booking is gone or anonymised
            // (or that no longer matches, which would be a bug) has nothing left to point for.
            if (!string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(baby)
                && RowKeys.LegacyFamily(BookingPointerKey.FamilyValue(email, baby)) == pointer.RowKey)
            {
                var keyed = RowKeys.ForPointer(BookingPointerKey.Family(hasher, email, baby));
                // Upsert, not add: a pointer written by the new code since (the family booked again) already says the same.
                actions.Insert(0, new(TableTransactionActionType.UpsertMerge, new TableEntity(pointer.PartitionKey, keyed) { ["Reference"] = reference }));
            }

            await bookings.SubmitTransactionAsync(actions, cancellationToken);
            moved++;
        }

        return moved;
    }

    private async Task<(int Subscribers, int Markers)> MoveSubscribersAsync(CancellationToken cancellationToken)
    {
        var subscribers = tables.GetTableClient(storage.Value.TipSubscribersTable);
        var publications = tables.GetTableClient(storage.Value.TipPublicationsTable);
        var moved = 0;
        var markers = 0;
        foreach (var profile in await RowsAsync(subscribers, TableClient.CreateQueryFilter($"RowKey eq {"subscriber"}"), cancellationToken))
        {
            var email = profile.GetString("Email");
            if (string.IsNullOrEmpty(email) || SubscriberKeys.LegacyFor(email) != profile.PartitionKey)
            {
                continue; // already keyed
            }

            var key = SubscriberKeys.For(hasher, email);
            var rows = await RowsAsync(subscribers, TableClient.CreateQueryFilter($"PartitionKey eq {profile.PartitionKey}"), cancellationToken);
            var newer = (await subscribers.GetEntityIfExistsAsync<TableEntity>(key, "subscriber", cancellationToken: cancellationToken)).HasValue;
            // The consent history always moves; the profile only when the parent has not subscribed again since the
            // new code went live (their newer profile is the one that counts).
            var copies = rows.Where(r => !(newer && r.RowKey == "subscriber")).Select(r => Copy(r, key, r.RowKey)).ToList();
            foreach (var batch in copies.Chunk(100))
            {
                await subscribers.SubmitTransactionAsync(batch.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, c)), cancellationToken);
            }

            foreach (var marker in await RowsAsync(publications, TableClient.CreateQueryFilter($"RowKey eq {profile.PartitionKey}"), cancellationToken))
            {
                await publications.UpsertEntityAsync(Copy(marker, marker.PartitionKey, key), TableUpdateMode.Replace, cancellationToken);
                await DeleteAsync(publications, marker, cancellationToken);
                markers++;
            }

            foreach (var row in rows.Where(r => r.RowKey != "subscriber"))
            {
                await DeleteAsync(subscribers, row, cancellationToken);
            }

            // Links in emails sent before the move name the old key: leave them the way to the new one (no address in it).
            await subscribers.UpsertEntityAsync(
                new TableEntity(SubscriberKeys.ForwardFrom(hasher, profile.PartitionKey), SubscriberRows.Moved)
                {
                    [SubscriberRows.MovedTo] = key,
                    [SubscriberRows.MovedUtc] = time.GetUtcNow(),
                },
                TableUpdateMode.Replace,
                cancellationToken);

            // The profile goes last: while it remains, a rerun finds this subscriber and finishes the move.
            await DeleteAsync(subscribers, profile, cancellationToken);
            moved++;
        }

        return (moved, markers);
    }

    private static TableEntity Copy(TableEntity row, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in row.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp")))
        {
            copy[name] = value;
        }

        return copy;
    }

    private static async Task DeleteAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }

        return rows;
    }
}
