using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Tests.Storage;

/// <summary>
/// An in-memory course partition store with Table Storage's rules for one partition: a change set is applied whole
/// or not at all; an insert of an existing row is refused (409) and a replace with a stale ETag is refused (412),
/// naming the refused row as the real store does. Rows are copied in and out, so callers never share an instance.
/// </summary>
internal sealed class InMemoryCoursePartitionStore : ICoursePartitionStore
{
    private readonly Dictionary<(string Partition, string Row), StoredRow> rows = [];
    private int version;

    /// <summary>Runs just before a commit is checked, e.g. to let "another instance" change the course first.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    public int Commits { get; private set; }

    public void Add(Course course) =>
        Put(CourseEntity.FromCourse(course, DateTimeOffset.UnixEpoch) is var row ? Keyed(row, course.Id, RowKeys.Course) : null!);

    /// <summary>Stores a booking as if an earlier change had written it (counters are the caller's to set).</summary>
    public void AddBooking(string courseId, Booking booking) => Put(BookingEntity.FromBooking(courseId, booking));

    /// <summary>The course as stored now (counters included).</summary>
    public Course Course(string courseId) => Get<CourseEntity>(courseId, RowKeys.Course)!.ToCourse();

    /// <summary>Changes the stored course as another writer would: its ETag changes too.</summary>
    public void ChangeElsewhere(string courseId, Action<CourseEntity> change)
    {
        var row = Get<CourseEntity>(courseId, RowKeys.Course)!;
        change(row);
        Put(row);
    }

    public IReadOnlyList<T> Rows<T>(string courseId, string rowKeyPrefix)
        where T : class, ITableEntity =>
        rows.Where(r => r.Key.Partition == courseId && r.Key.Row.StartsWith(rowKeyPrefix, StringComparison.Ordinal))
            .Select(r => Copy<T>(r.Value))
            .ToList();

    public Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<CourseEntity>(courseId, RowKeys.Course) is { } row ? new CourseSnapshot(row.ToCourse(), row) : null);

    public Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken)
    {
        snapshot.SetWaitlist(Rows<BookingEntity>(snapshot.Course.Id, RowKeys.BookingPrefix)
            .Where(b => b.Status == nameof(BookingStatus.Waitlisted))
            .OrderBy(b => b.WaitlistPosition ?? int.MaxValue)
            .ThenBy(b => b.CreatedUtc)
            .Select(b => (b.ToBooking(), (object)b)));
        return Task.FromResult(snapshot.Waitlist);
    }

    public async Task<IReadOnlyList<OutboxMessage>> CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken)
    {
        if (BeforeCommit is { } before)
        {
            await before();
        }

        // The real store's own translation into rows, so this checks exactly what Table Storage would be sent.
        var transaction = CourseChangeRows.Transaction(changes);
        foreach (var action in transaction.Actions)
        {
            var key = (action.Entity.PartitionKey, action.Entity.RowKey);
            var exists = rows.TryGetValue(key, out var stored);
            var status = action.Type switch
            {
                TableTransactionActionType.Add when exists => StorageStatus.AlreadyExists,
                TableTransactionActionType.UpdateReplace when !exists => StorageStatus.NotFound,
                TableTransactionActionType.UpdateReplace when stored!.ETag != action.Entity.ETag => StorageStatus.PreconditionFailed,
                _ => 0,
            };
            if (status != 0)
            {
                throw new CourseChangeRejectedException(action.Name, CourseChangeRows.Refusal(status), new RequestFailedException(status, "Refused (in-memory store)."));
            }
        }

        foreach (var action in transaction.Actions)
        {
            Put(action.Entity);
        }

        Commits++;
        return CourseChangeRows.Emails(changes);
    }

    public BookingKey? BookingOwed(OwedEmail owed) => CourseChangeRows.BookingOwed(owed);

    public OutboxMessage EmailMessage(string courseId, string reference, string emailTemplate) =>
        CourseChangeRows.EmailMessage(courseId, reference, emailTemplate);

    public Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken) =>
        Task.FromResult(Get<BookingEntity>(courseId, RowKeys.Booking(reference))?.ToBooking());

    public Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken) =>
        Task.FromResult(Get<BookingEntity>(snapshot.Course.Id, RowKeys.Booking(reference)) is { } row ? snapshot.Keep(row.ToBooking(), row) : null);

    public Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BookingKey>>(rows
            .Where(r => r.Key.Row.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal))
            .Select(r => Copy<BookingEntity>(r.Value))
            .Where(b => b.Status == nameof(BookingStatus.Offered) && b.OfferExpiresUtc <= now)
            .Select(b => new BookingKey(b.PartitionKey, b.Reference))
            .ToList());

    public Task<IReadOnlyList<BookingKey>> FindPaymentHoldsEndedAsync(DateTimeOffset endedBy, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BookingKey>>(rows
            .Where(r => r.Key.Row.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal))
            .Select(r => Copy<BookingEntity>(r.Value))
            .Where(b => b.Status == nameof(BookingStatus.AwaitingPayment) && b.PaymentHeldUntilUtc <= endedBy)
            .Select(b => new BookingKey(b.PartitionKey, b.Reference))
            .ToList());

    public Task<IReadOnlyList<BookingKey>> FindArrivalsHeldSinceAsync(DateTimeOffset heldBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BookingKey>>(rows
            .Where(r => r.Key.Row.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal))
            .Select(r => Copy<BookingEntity>(r.Value))
            .Where(b => b.Status == nameof(BookingStatus.Arriving) && b.CreatedUtc < heldBefore)
            .Select(b => new BookingKey(b.PartitionKey, b.Reference))
            .ToList());

    public Task<IReadOnlyList<BookingKey>> FindRefundsOutstandingAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BookingKey>>(rows
            .Where(r => r.Key.Row.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal))
            .Select(r => Copy<BookingEntity>(r.Value))
            .Where(b => b.PaymentRefundOutstanding)
            .Select(b => new BookingKey(b.PartitionKey, b.Reference))
            .ToList());

    public Task<BookingPointer?> FindPointerAsync(string courseId, BookingPointerKey key, CancellationToken cancellationToken) =>
        Task.FromResult(Get<BookingPointerEntity>(courseId, RowKeys.ForPointer(key)) is { } p ? new BookingPointer(p.Reference, p.RequestHash, p) : null);

    public Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Booking>>(Rows<BookingEntity>(courseId, RowKeys.BookingPrefix)
            .Where(b => createdSinceUtc is null || b.CreatedUtc >= createdSinceUtc)
            .Select(b => b.ToBooking())
            .ToList());

    public Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(
        string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        foreach (var booking in bookings)
        {
            var rowKey = RowKeys.Outbox(booking.Reference, emailTemplate);
            var existing = Get<OutboxEntity>(courseId, rowKey);
            if (existing is null)
            {
                Put(CourseChangeRows.Outbox(courseId, booking.Reference, emailTemplate, now));
            }

            if (existing is null || existing.OutboxStatus == OutboxStatus.Pending)
            {
                messages.Add(new OutboxMessage(TableNames.Bookings, courseId, rowKey));
            }
        }

        return Task.FromResult<IReadOnlyList<OutboxMessage>>(messages);
    }

    private static T Keyed<T>(T row, string partition, string rowKey)
        where T : ITableEntity
    {
        row.PartitionKey = partition;
        row.RowKey = rowKey;
        return row;
    }

    private T? Get<T>(string partition, string rowKey)
        where T : class, ITableEntity =>
        rows.TryGetValue((partition, rowKey), out var stored) ? Copy<T>(stored) : null;

    private void Put(ITableEntity entity) =>
        rows[(entity.PartitionKey, entity.RowKey)] = new StoredRow(JsonSerializer.Serialize(entity, entity.GetType()), new ETag($"W/\"{++version}\""));

    private static T Copy<T>(StoredRow stored)
        where T : class, ITableEntity
    {
        var copy = JsonSerializer.Deserialize<T>(stored.Json)!;
        copy.ETag = stored.ETag;
        return copy;
    }

    private sealed record StoredRow(string Json, ETag ETag);
}
