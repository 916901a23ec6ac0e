using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Courses;

/// <summary>
/// A course's partition in the Bookings table: the course row with its place counters, its bookings, the pointers
/// that make booking idempotent, and the emails those bookings owe. Everything that must change together lives here,
/// so one transaction covers it. Services load a <see cref="CourseSnapshot"/>, decide, and commit a
/// <see cref="CourseChangeSet"/>; only this store turns those into rows, keys and ETags.
/// </summary>
public interface ICoursePartitionStore
{
    /// <summary>One read: the course row and its ETag. Null when there is no such course.</summary>
    Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Reads the course's waitlist into <paramref name="snapshot"/> (in joining order) so a change can promote or renumber it.</summary>
    Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change as one transaction guarded by the snapshot's ETags. Throws
    /// <see cref="CourseChangeRejectedException"/> naming the refused row when storage refuses it; nothing is written then.
    /// </summary>
    Task CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken);

    Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken);

    /// <summary>Reads one booking into <paramref name="snapshot"/> so a change can update it. Null when there is no such booking.</summary>
    Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken);

    /// <summary>Every offer of a place, on any course, whose claim window ended at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The booking a pointer row (family, idempotency key, free-place request) points at, with the request hash it was stored with.</summary>
    Task<BookingPointer?> FindPointerAsync(string courseId, string pointerRow, CancellationToken cancellationToken);

    /// <summary>Every booking on the course (all statuses), optionally only those made at or after <paramref name="createdSinceUtc"/>.</summary>
    Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Owes email <paramref name="emailTemplate"/> to each booking in <paramref name="bookings"/> that doesn't have it yet,
    /// in transactions of up to 100 rows. Returns the messages to enqueue: the new rows and any still pending from an
    /// earlier, interrupted run. Throws <see cref="CourseChangeRejectedException"/> if another writer added some of
    /// the same rows at the same moment (read again and retry).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(
        string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken);
}


/// <summary>A pointer's target: the booking reference, and for idempotency keys the hash of the request that used the key.</summary>
public sealed record BookingPointer(string Reference, string? RequestHash);

public sealed class TableCoursePartitionStore(TableServiceClient tables, IOptions<StorageOptions> storage) : ICoursePartitionStore
{
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);

    public async Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(courseId))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        return row.HasValue ? new CourseSnapshot(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken)
    {
        var courseId = snapshot.Course.Id;
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var waiting = new List<BookingEntity>();
        await foreach (var booking in Bookings.QueryAsync<BookingEntity>(
            b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0 && b.Status == nameof(BookingStatus.Waitlisted),
            cancellationToken: cancellationToken))
        {
            waiting.Add(booking);
        }

        snapshot.SetWaitlist(waiting
            .OrderBy(b => b.WaitlistPosition ?? int.MaxValue)
            .ThenBy(b => b.CreatedUtc)
            .ThenBy(b => b.RowKey, StringComparer.Ordinal)
            .ToList());
        return snapshot.Waitlist;
    }

    public async Task CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken)
    {
        try
        {
            await changes.Transaction.SubmitAsync(Bookings, cancellationToken);
        }
        catch (TableTransactionRejectedException<CourseRow> e)
        {
            throw new CourseChangeRejectedException(e.FailedName, e.Status, e);
        }
    }

    public async Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken)
    {
        var row = await Bookings.GetEntityIfExistsAsync<BookingEntity>(courseId, RowKeys.Booking(reference), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToBooking() : null;
    }

    public async Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken)
    {
        // References are upper case ("K7M3-Q9XP"), which TableKeys (lower-case ids) would refuse, so every real booking read as gone.
        if (!BookingReference.IsWellFormed(reference))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<BookingEntity>(snapshot.Course.Id, RowKeys.Booking(reference), cancellationToken: cancellationToken);
        return row.HasValue ? snapshot.Keep(row.Value!).ToBooking() : null;
    }

    public async Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Across every course: offers are few (one per freed place) and the status filter keeps the scan's answer small.
        var lapsed = new List<BookingKey>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(
            b => b.Status == nameof(BookingStatus.Offered) && b.OfferExpiresUtc <= now,
            select: [nameof(BookingEntity.PartitionKey), nameof(BookingEntity.Reference)],
            cancellationToken: cancellationToken))
        {
            lapsed.Add(new BookingKey(row.PartitionKey, row.Reference));
        }

        return lapsed;
    }

    public async Task<BookingPointer?> FindPointerAsync(string courseId, string pointerRow, CancellationToken cancellationToken)
    {
        var row = await Bookings.GetEntityIfExistsAsync<BookingPointerEntity>(courseId, pointerRow, cancellationToken: cancellationToken);
        return row.HasValue ? new BookingPointer(row.Value!.Reference, row.Value.RequestHash) : null;
    }

    public async Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var filter = createdSinceUtc is { } since
            ? TableClient.CreateQueryFilter<BookingEntity>(b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0 && b.CreatedUtc >= since)
            : TableClient.CreateQueryFilter<BookingEntity>(b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0);
        var bookings = new List<Booking>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(filter, cancellationToken: cancellationToken))
        {
            bookings.Add(row.ToBooking());
        }

        return bookings;
    }

    public async Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(
        string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var template = emailTemplate;
        var end = RowKeys.PrefixEnd(RowKeys.OutboxPrefix);
        var owed = new Dictionary<string, OutboxEntity>(StringComparer.Ordinal);
        await foreach (var outbox in Bookings.QueryAsync<OutboxEntity>(
            o => o.PartitionKey == courseId && o.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && o.RowKey.CompareTo(end) < 0 && o.Template == template,
            cancellationToken: cancellationToken))
        {
            owed[outbox.RowKey] = outbox;
        }

        var messages = new List<OutboxMessage>();
        var missing = bookings
            .Where(b => !owed.ContainsKey(RowKeys.Outbox(b.Reference, template)))
            .Select(b => (b.Reference, Row: OutboxEntity.Create(courseId, RowKeys.Outbox(b.Reference, template), template, RowKeys.Booking(b.Reference), now, CourseChangeSet.OutboxGracePeriod)));
        foreach (var batch in missing.Chunk(TableTransactionBuilder<CourseRow>.MaxActions))
        {
            var transaction = new TableTransactionBuilder<CourseRow>();
            foreach (var (reference, row) in batch)
            {
                transaction.Add(new CourseRow(CourseRowKind.Outbox, reference), row);
            }

            try
            {
                await transaction.SubmitAsync(Bookings, cancellationToken);
            }
            catch (TableTransactionRejectedException<CourseRow> e)
            {
                throw new CourseChangeRejectedException(e.FailedName, e.Status, e);
            }

            messages.AddRange(batch.Select(b => new OutboxMessage(TableNames.Bookings, courseId, b.Row.RowKey)));
        }

        // Rows an earlier, interrupted run wrote may never have reached the queue: send them now rather than waiting
        // for the sweep. A message for an email already sent or being sent is harmless (the outbox checks).
        messages.AddRange(owed.Values
            .Where(o => o.OutboxStatus == OutboxStatus.Pending)
            .Select(o => new OutboxMessage(TableNames.Bookings, courseId, o.RowKey)));
        return messages;
    }
}
