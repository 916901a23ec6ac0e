using Azure.Data.Tables;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Courses;

/// <summary>
/// A course's partition in the Bookings table: the course row ("course"), its bookings ("booking|…"), pointers
/// ("family|…", "idem|…", "freeplace|…") and outbox rows ("outbox|…"). The only code that turns course change sets
/// into rows and ETags (see <see cref="CourseChangeRows"/>).
/// </summary>
public sealed class TableCoursePartitionStore(TableServiceClient tables, IOptions<StorageOptions> storage) : ICoursePartitionStore
{
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);

    public async Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!CourseIdFormat.IsValid(courseId))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        return row.HasValue ? new CourseSnapshot(row.Value!.ToCourse(), row.Value) : null;
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
            .Select(b => (b.ToBooking(), (object)b)));
        return snapshot.Waitlist;
    }

    public async Task<IReadOnlyList<OutboxMessage>> CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken)
    {
        try
        {
            await CourseChangeRows.Transaction(changes).SubmitAsync(Bookings, cancellationToken);
        }
        catch (TableTransactionRejectedException<CourseRow> e)
        {
            if (e.IsPreconditionFailed)
            {
                // The batch answers 202 with the 412 inside, so the request counter cannot see it: count it here.
                StorageRequestMetrics.TransactionConflict();
            }

            throw CourseChangeRows.Rejected(e);
        }

        return CourseChangeRows.Emails(changes);
    }

    public BookingKey? BookingOwed(OwedEmail owed) => CourseChangeRows.BookingOwed(owed);

    public OutboxMessage EmailMessage(string courseId, string reference, string emailTemplate) =>
        CourseChangeRows.EmailMessage(courseId, reference, emailTemplate);

    public async Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken)
    {
        var row = await Bookings.GetEntityIfExistsAsync<BookingEntity>(courseId, RowKeys.Booking(reference), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToBooking() : null;
    }

    public async Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsSafeRowKeyPart(reference))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<BookingEntity>(snapshot.Course.Id, RowKeys.Booking(reference), cancellationToken: cancellationToken);
        return row.HasValue ? snapshot.Keep(row.Value!.ToBooking(), row.Value) : null;
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

    public async Task<IReadOnlyList<BookingKey>> FindPaymentHoldsEndedAsync(DateTimeOffset endedBy, CancellationToken cancellationToken)
    {
        // Across every course, like the lapsed offers: holds last half an hour, and most end by Stripe's expiry event.
        var ended = new List<BookingKey>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(
            b => b.Status == nameof(BookingStatus.AwaitingPayment) && b.PaymentHeldUntilUtc <= endedBy,
            select: [nameof(BookingEntity.PartitionKey), nameof(BookingEntity.Reference)],
            cancellationToken: cancellationToken))
        {
            ended.Add(new BookingKey(row.PartitionKey, row.Reference));
        }

        return ended;
    }

    public async Task<IReadOnlyList<BookingKey>> FindArrivalsHeldSinceAsync(DateTimeOffset heldBefore, CancellationToken cancellationToken)
    {
        // Across every course, like the lapsed offers: arrivals exist only for the moments a move takes.
        var held = new List<BookingKey>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(
            b => b.Status == nameof(BookingStatus.Arriving) && b.CreatedUtc < heldBefore,
            select: [nameof(BookingEntity.PartitionKey), nameof(BookingEntity.Reference)],
            cancellationToken: cancellationToken))
        {
            held.Add(new BookingKey(row.PartitionKey, row.Reference));
        }

        return held;
    }

    public async Task<IReadOnlyList<BookingKey>> FindRefundsOutstandingAsync(CancellationToken cancellationToken)
    {
        // Across every course, filtered on the derived flag: only refunds in flight (a few at a time) match.
        var outstanding = new List<BookingKey>();
        await foreach (var row in Bookings.QueryAsync<BookingEntity>(
            b => b.PaymentRefundOutstanding == true,
            select: [nameof(BookingEntity.PartitionKey), nameof(BookingEntity.Reference)],
            cancellationToken: cancellationToken))
        {
            outstanding.Add(new BookingKey(row.PartitionKey, row.Reference));
        }

        return outstanding;
    }

    public async Task<BookingPointer?> FindPointerAsync(string courseId, BookingPointerKey key, CancellationToken cancellationToken)
    {
        var row = await Bookings.GetEntityIfExistsAsync<BookingPointerEntity>(courseId, RowKeys.ForPointer(key), cancellationToken: cancellationToken);
        return row.HasValue ? new BookingPointer(row.Value!.Reference, row.Value.RequestHash, row.Value) : null;
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
            .Select(b => (b.Reference, Row: CourseChangeRows.Outbox(courseId, b.Reference, template, now)));
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
                throw CourseChangeRows.Rejected(e);
            }

            messages.AddRange(batch.Select(b => CourseChangeRows.EmailMessage(courseId, b.Reference, template)));
        }

        // Rows an earlier, interrupted run wrote may never have reached the queue: send them now rather than waiting
        // for the sweep. A message for an email already sent or being sent is harmless (the outbox checks).
        messages.AddRange(owed.Values
            .Where(o => o.OutboxStatus == OutboxStatus.Pending)
            .Select(o => new OutboxMessage(TableNames.Bookings, courseId, o.RowKey)));
        return messages;
    }
}
