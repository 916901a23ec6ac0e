using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Links;
using HappyBabyHive.Privacy;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Privacy;

/// <summary>
/// Finds everything held for one address across the tables, and erases it. Bookings are found by a scan of the
/// Bookings table's booking rows (their address is a property, not a key; a small business holds a few thousand), the
/// rest by their keys (tips subscribers, sent-markers) or a scan of one small table (free-place requests, sign-ins).
/// Every step is repeatable: a row already anonymised no longer matches, a row already deleted is skipped.
/// </summary>
internal sealed class TablePersonalDataStore(TableServiceClient tables, IOptions<StorageOptions> storage) : IPersonalDataStore, IRetentionStore
{
    /// <summary>What an erased booking says in place of a name; the register shows it, so the owner sees why.</summary>
    public const string ErasedName = "(erased)";

    public const string AuditPartition = "erasure-audit";

    private static readonly string[] SystemProperties = ["odata.etag", "PartitionKey", "RowKey", "Timestamp"];

    private StorageOptions Names => storage.Value;

    public async Task<PersonalDataExport> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var found = await FindAsync(subject, cancellationToken);
        return new PersonalDataExport(
            found.Bookings.Select(r => Held(Names.BookingsTable, r)).ToList(),
            found.FreePlaceRows.Where(r => !IsOutbox(r)).Select(r => Held(Names.FreePlaceRequestsTable, r)).ToList(),
            found.SubscriberRows.Where(r => !IsOutbox(r)).Select(r => Held(Names.TipSubscribersTable, r)).ToList(),
            found.SentMarkers.Select(r => Held(Names.TipPublicationsTable, r)).ToList(),
            found.SignInRows.Where(r => !IsOutbox(r)).Select(r => Held(Names.OwnerSignInsTable, r)).ToList(),
            [
                .. found.BookingOutbox.Select(r => Held(Names.BookingsTable, r)),
                .. found.FreePlaceRows.Where(IsOutbox).Select(r => Held(Names.FreePlaceRequestsTable, r)),
                .. found.SubscriberRows.Where(IsOutbox).Select(r => Held(Names.TipSubscribersTable, r)),
                .. found.SignInRows.Where(IsOutbox).Select(r => Held(Names.OwnerSignInsTable, r)),
            ]);
    }

    public async Task<ErasureCounts> EraseAsync(PersonalDataSubject subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await FindAsync(subject, cancellationToken);
        var bookings = Table(Names.BookingsTable);

        var pointers = 0;
        foreach (var booking in found.Bookings)
        {
            pointers += await DeletePointersAsync(bookings, subject, booking, cancellationToken);
            await AnonymiseAsync(bookings, booking, now, cancellationToken);
        }

        // Counted from what was found, so a second run (nothing found) reports zeros; each delete skips a row already gone.
        var counts = new ErasureCounts(
            BookingsAnonymised: found.Bookings.Count,
            BookingPointersDeleted: pointers,
            FreePlaceRequestsDeleted: found.FreePlaceRows.Count(r => !IsOutbox(r)),
            TipsSubscriptionsDeleted: found.SubscriberRows.Count(r => r.RowKey == "subscriber"),
            TipsSentMarkersDeleted: found.SentMarkers.Count,
            SignInRowsDeleted: found.SignInRows.Count(r => !IsOutbox(r)),
            OwedEmailsDeleted: found.BookingOutbox.Count + found.FreePlaceRows.Count(IsOutbox) + found.SubscriberRows.Count(IsOutbox) + found.SignInRows.Count(IsOutbox));

        await DeleteAllAsync(bookings, found.BookingOutbox, cancellationToken);
        await DeleteAllAsync(Table(Names.FreePlaceRequestsTable), found.FreePlaceRows, cancellationToken);
        await DeleteAllAsync(Table(Names.TipSubscribersTable), found.SubscriberRows, cancellationToken);
        await DeleteAllAsync(Table(Names.TipPublicationsTable), found.SentMarkers, cancellationToken);
        await DeleteAllAsync(Table(Names.OwnerSignInsTable), found.SignInRows, cancellationToken);
        return counts;
    }

    public async Task RecordErasureAsync(ErasureAudit audit, CancellationToken cancellationToken)
    {
        var counts = audit.Counts;
        var row = new TableEntity(AuditPartition, $"{audit.ErasedUtc.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["ErasedUtc"] = audit.ErasedUtc,
            ["AddressHash"] = audit.AddressHash,
            ["RequestedVia"] = audit.RequestedVia,
            [nameof(counts.BookingsAnonymised)] = counts.BookingsAnonymised,
            [nameof(counts.BookingPointersDeleted)] = counts.BookingPointersDeleted,
            [nameof(counts.FreePlaceRequestsDeleted)] = counts.FreePlaceRequestsDeleted,
            [nameof(counts.TipsSubscriptionsDeleted)] = counts.TipsSubscriptionsDeleted,
            [nameof(counts.TipsSentMarkersDeleted)] = counts.TipsSentMarkersDeleted,
            [nameof(counts.SignInRowsDeleted)] = counts.SignInRowsDeleted,
            [nameof(counts.OwedEmailsDeleted)] = counts.OwedEmailsDeleted,
        };
        await Table(Names.SettingsTable).AddEntityAsync(row, cancellationToken);
    }

    public async Task<IReadOnlyList<ErasureAudit>> ListErasuresAsync(CancellationToken cancellationToken) =>
        (await RowsAsync(Table(Names.SettingsTable), TableClient.CreateQueryFilter($"PartitionKey eq {AuditPartition}"), cancellationToken))
            .Select(r => new ErasureAudit(
                r.GetDateTimeOffset("ErasedUtc") ?? default,
                r.GetString("AddressHash") ?? string.Empty,
                new ErasureCounts(
                    r.GetInt32(nameof(ErasureCounts.BookingsAnonymised)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.BookingPointersDeleted)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.FreePlaceRequestsDeleted)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.TipsSubscriptionsDeleted)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.TipsSentMarkersDeleted)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.SignInRowsDeleted)) ?? 0,
                    r.GetInt32(nameof(ErasureCounts.OwedEmailsDeleted)) ?? 0),
                r.GetString("RequestedVia") ?? string.Empty))
            .ToList();

    public async Task<int> AnonymiseBookingsOfCoursesEndedByAsync(DateTimeOffset endedByUtc, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bookings = Table(Names.BookingsTable);
        // Only courses that started before the cut-off can have ended by it: the filter keeps the scan to old courses.
        var courses = (await RowsAsync(bookings, TableClient.CreateQueryFilter($"RowKey eq {RowKeys.Course} and FirstSessionStartsUtc le {endedByUtc}"), cancellationToken))
            .Select(TableEntityMapping.To<CourseEntity>)
            .Where(c => c.ToCourse().LastSessionEndsUtc <= endedByUtc);
        var anonymised = 0;
        foreach (var course in courses)
        {
            var rows = await PartitionAsync(bookings, course.PartitionKey, cancellationToken);
            foreach (var booking in rows.Where(r => r.RowKey.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal) && !string.IsNullOrEmpty(r.GetString("Email"))))
            {
                await AnonymiseAsync(bookings, booking, now, cancellationToken);
                anonymised++;
            }

            // The course is over: nobody can book it again, so the family and idempotency pointers have nothing left to do.
            await DeleteAllAsync(bookings, rows.Where(r => r.RowKey.StartsWith(RowKeys.FamilyPrefix, StringComparison.Ordinal) || r.RowKey.StartsWith(RowKeys.IdempotencyPrefix, StringComparison.Ordinal)), cancellationToken);
        }

        return anonymised;
    }

    public async Task<int> DeleteSubscribersAsync(string status, DateTimeOffset lastChangedByUtc, CancellationToken cancellationToken)
    {
        var subscribers = Table(Names.TipSubscribersTable);
        // Pending: measured from the request; unsubscribed: from the unsubscribe.
        var changedField = status == "Unsubscribed" ? "UnsubscribedUtc" : "ConsentRequestedUtc";
        var profiles = await RowsAsync(subscribers, TableClient.CreateQueryFilter($"RowKey eq {"subscriber"} and Status eq {status}"), cancellationToken);
        var deleted = 0;
        foreach (var profile in profiles.Where(p => p.GetDateTimeOffset(changedField) is { } at && at <= lastChangedByUtc))
        {
            // The profile row goes last, guarded by its ETag: a parent who subscribed again meanwhile keeps everything.
            var rest = (await PartitionAsync(subscribers, profile.PartitionKey, cancellationToken)).Where(r => r.RowKey != profile.RowKey);
            try
            {
                await subscribers.DeleteEntityAsync(profile.PartitionKey, profile.RowKey, profile.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                continue;
            }

            await DeleteAllAsync(subscribers, rest, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    public async Task<int> DeleteSignInsCreatedByAsync(DateTimeOffset createdByUtc, CancellationToken cancellationToken)
    {
        var signIns = Table(Names.OwnerSignInsTable);
        var deleted = 0;
        foreach (var attempt in await RowsAsync(signIns, TableClient.CreateQueryFilter($"RowKey eq {"attempt"} and CreatedUtc le {createdByUtc}"), cancellationToken))
        {
            deleted += await DeleteAllAsync(signIns, await PartitionAsync(signIns, attempt.PartitionKey, cancellationToken), cancellationToken);
        }

        return deleted;
    }

    public async Task<int> DeleteTipSentMarkersByAsync(DateTimeOffset sentByUtc, CancellationToken cancellationToken)
    {
        var publications = Table(Names.TipPublicationsTable);
        var markers = await RowsAsync(
            publications,
            TableClient.CreateQueryFilter($"PartitionKey ge {"sent|"} and PartitionKey lt {"sent}"} and SentUtc le {sentByUtc}"),
            cancellationToken);
        return await DeleteAllAsync(publications, markers, cancellationToken);
    }

    public async Task<int> DeleteSubscriberForwardsMovedByAsync(DateTimeOffset movedByUtc, CancellationToken cancellationToken)
    {
        var subscribers = Table(Names.TipSubscribersTable);
        var forwards = await RowsAsync(
            subscribers,
            TableClient.CreateQueryFilter($"RowKey eq {Tips.SubscriberRows.Moved} and MovedUtc le {movedByUtc}"),
            cancellationToken);
        return await DeleteAllAsync(subscribers, forwards, cancellationToken);
    }

    private async Task<Found> FindAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var bookingsTable = Table(Names.BookingsTable);
        var bookingRows = await RowsAsync(
            bookingsTable,
            TableClient.CreateQueryFilter($"RowKey ge {RowKeys.BookingPrefix} and RowKey lt {RowKeys.PrefixEnd(RowKeys.BookingPrefix)}"),
            cancellationToken);
        var bookings = bookingRows.Where(r => Matches(subject, r.GetString("Email")) || Matches(subject, r.GetString("PendingEmail"))).ToList();

        var bookingOutbox = new List<TableEntity>();
        foreach (var booking in bookings)
        {
            var prefix = RowKeys.Outbox(booking.GetString("Reference") ?? string.Empty, string.Empty);
            bookingOutbox.AddRange(await RowsAsync(
                bookingsTable,
                TableClient.CreateQueryFilter($"PartitionKey eq {booking.PartitionKey} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}"),
                cancellationToken));
        }

        var freePlaceTable = Table(Names.FreePlaceRequestsTable);
        var requests = (await RowsAsync(freePlaceTable, TableClient.CreateQueryFilter($"RowKey eq {"request"}"), cancellationToken))
            .Where(r => Matches(subject, r.GetString("Email")))
            .ToList();
        var freePlaceRows = new List<TableEntity>();
        foreach (var request in requests)
        {
            freePlaceRows.AddRange(await PartitionAsync(freePlaceTable, request.PartitionKey, cancellationToken));
        }

        var subscriberRows = new List<TableEntity>();
        var sentMarkers = new List<TableEntity>();
        foreach (var key in subject.SubscriberKeys)
        {
            subscriberRows.AddRange(await PartitionAsync(Table(Names.TipSubscribersTable), key, cancellationToken));
            sentMarkers.AddRange(await RowsAsync(Table(Names.TipPublicationsTable), TableClient.CreateQueryFilter($"RowKey eq {key}"), cancellationToken));
        }

        var signInTable = Table(Names.OwnerSignInsTable);
        var signInRows = new List<TableEntity>();
        foreach (var attempt in (await RowsAsync(signInTable, TableClient.CreateQueryFilter($"RowKey eq {"attempt"}"), cancellationToken))
            .Where(r => Matches(subject, r.GetString("OwnerEmail"))))
        {
            signInRows.AddRange(await PartitionAsync(signInTable, attempt.PartitionKey, cancellationToken));
        }

        return new Found(bookings, bookingOutbox, freePlaceRows, subscriberRows, sentMarkers, signInRows);
    }

    /// <summary>
    /// Replaces what identifies the family and keeps what the business's numbers are made of: the status, the kind of
    /// place, the dates, the attendance and any amounts (and any field added later, since the row is edited, not
    /// rebuilt). The baby's date of birth becomes the first of its month: the register's age bands stay right, and a
    /// month identifies nobody once the name and address are gone.
    /// </summary>
    private static async Task AnonymiseAsync(TableClient bookings, TableEntity booking, DateTimeOffset now, CancellationToken cancellationToken)
    {
        booking["ParentName"] = ErasedName;
        booking["Email"] = string.Empty;
        booking["BabyFirstName"] = ErasedName;
        if (DateOnly.TryParseExact(booking.GetString("BabyDateOfBirth"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            booking["BabyDateOfBirth"] = new DateOnly(born.Year, born.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        booking.Remove("Phone");
        booking.Remove("PendingEmail");
        booking["AnonymisedUtc"] = now;
        try
        {
            // Replace, guarded by the ETag read: a booking changed meanwhile (say, cancelled) fails here with 412 and the
            // whole erasure can simply be run again.
            await bookings.UpdateEntityAsync(booking, booking.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    private static async Task<int> DeletePointersAsync(TableClient bookings, PersonalDataSubject subject, TableEntity booking, CancellationToken cancellationToken)
    {
        var courseId = booking.PartitionKey;
        var reference = booking.GetString("Reference") ?? string.Empty;
        var baby = booking.GetString("BabyFirstName") ?? string.Empty;
        var email = booking.GetString("Email") ?? subject.NormalisedEmail;
        List<string> rowKeys =
        [
            RowKeys.ForPointer(subject.FamilyPointer(baby)),
            RowKeys.LegacyFamily(BookingPointerKey.FamilyValue(email, baby)),
        ];

        // Idempotency pointers hold a fingerprint of the whole request (address included): they go with the booking.
        var idempotency = await RowsAsync(
            bookings,
            TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey ge {RowKeys.IdempotencyPrefix} and RowKey lt {RowKeys.PrefixEnd(RowKeys.IdempotencyPrefix)} and Reference eq {reference}"),
            cancellationToken);
        rowKeys.AddRange(idempotency.Select(r => r.RowKey));

        var deleted = 0;
        foreach (var rowKey in rowKeys.Distinct())
        {
            deleted += await DeleteAsync(bookings, courseId, rowKey, cancellationToken) ? 1 : 0;
        }

        return deleted;
    }

    private static bool Matches(PersonalDataSubject subject, string? email) =>
        !string.IsNullOrWhiteSpace(email) && PersonalDataHasher.NormaliseEmail(email) == subject.NormalisedEmail;

    private static bool IsOutbox(TableEntity row) => row.RowKey.StartsWith(RowKeys.OutboxPrefix, StringComparison.Ordinal);

    private static HeldRow Held(string table, TableEntity row) => new(
        table,
        row.PartitionKey,
        row.RowKey,
        row.Where(p => !SystemProperties.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => (object?)p.Value));

    private TableClient Table(string name) => tables.GetTableClient(name);

    private static Task<List<TableEntity>> PartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken) =>
        RowsAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken);

    /// <summary>The rows matching a filter; none when the table does not exist yet (nothing was ever written to it).</summary>
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

    private static async Task<int> DeleteAllAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var row in rows)
        {
            deleted += await DeleteAsync(table, row.PartitionKey, row.RowKey, cancellationToken) ? 1 : 0;
        }

        return deleted;
    }

    private static async Task<bool> DeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return response.Status != (int)HttpStatusCode.NotFound;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private sealed record Found(
        List<TableEntity> Bookings,
        List<TableEntity> BookingOutbox,
        List<TableEntity> FreePlaceRows,
        List<TableEntity> SubscriberRows,
        List<TableEntity> SentMarkers,
        List<TableEntity> SignInRows);
}
