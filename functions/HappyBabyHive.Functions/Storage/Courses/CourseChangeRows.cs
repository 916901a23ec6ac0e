using Azure;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Storage.Courses;

/// <summary>
/// Turns a course change set (the domain's intents) into the rows of one table transaction: the course row first,
/// guarded by the ETag it was read with, then each booking, pointer and outbox row, each named by the
/// <see cref="CourseRow"/> a refusal reports. The in-memory test store uses the same translation, so what the unit
/// tests commit is what Table Storage would be sent.
/// </summary>
internal static class CourseChangeRows
{
    public static TableTransactionBuilder<CourseRow> Transaction(CourseChangeSet changes)
    {
        var transaction = new TableTransactionBuilder<CourseRow>();
        transaction.Replace(new CourseRow(CourseRowKind.Course, null), CourseRowFor(changes));
        foreach (var row in changes.Rows)
        {
            switch (row)
            {
                case CourseRowChange.BookingAdded added:
                    transaction.Add(new CourseRow(CourseRowKind.Booking, added.Booking.Reference), BookingEntity.FromBooking(changes.CourseId, added.Booking));
                    break;
                case CourseRowChange.BookingChanged changed:
                    var (booking, version) = changes.Changed(changed.Reference);
                    var stored = (BookingEntity)version;
                    var entity = new BookingEntity { PartitionKey = stored.PartitionKey, RowKey = stored.RowKey, ETag = stored.ETag }.Apply(booking);
                    transaction.Replace(new CourseRow(CourseRowKind.Booking, changed.Reference), entity);
                    break;
                case CourseRowChange.PointerAdded pointer:
                    transaction.Add(
                        new CourseRow(CourseRowKind.BookingPointer, pointer.Reference, pointer.Key),
                        new BookingPointerEntity { PartitionKey = changes.CourseId, RowKey = RowKeys.ForPointer(pointer.Key), Reference = pointer.Reference, RequestHash = pointer.RequestFingerprint });
                    break;
                case CourseRowChange.PointerRepointed repointed:
                    var pointerRow = (BookingPointerEntity)repointed.Version;
                    transaction.Replace(
                        new CourseRow(CourseRowKind.BookingPointer, repointed.Reference, repointed.Key),
                        new BookingPointerEntity { PartitionKey = pointerRow.PartitionKey, RowKey = pointerRow.RowKey, ETag = pointerRow.ETag, Reference = repointed.Reference });
                    break;
                case CourseRowChange.EmailOwed email:
                    transaction.Add(new CourseRow(CourseRowKind.Outbox, email.Reference), Outbox(changes.CourseId, email.Reference, email.Template, changes.Now));
                    break;
                default:
                    throw new InvalidOperationException($"No row for {row.GetType().Name}.");
            }
        }

        return transaction;
    }

    /// <summary>The queue messages for the emails a committed change owes, in the order they were owed.</summary>
    public static IReadOnlyList<OutboxMessage> Emails(CourseChangeSet changes) =>
        changes.Rows.OfType<CourseRowChange.EmailOwed>().Select(e => EmailMessage(changes.CourseId, e.Reference, e.Template)).ToList();

    /// <summary>The booking an outbox row in a course's partition is about: its subject row is that booking's row.</summary>
    public static BookingKey? BookingOwed(OwedEmail owed) =>
        owed.SubjectRowKey.StartsWith(RowKeys.BookingPrefix, StringComparison.Ordinal) && owed.SubjectRowKey.Length > RowKeys.BookingPrefix.Length
            ? new BookingKey(owed.PartitionKey, owed.SubjectRowKey[RowKeys.BookingPrefix.Length..])
            : null;

    public static OutboxMessage EmailMessage(string courseId, string reference, string template) =>
        new(TableNames.Bookings, courseId, RowKeys.Outbox(reference, template));

    public static OutboxEntity Outbox(string courseId, string reference, string template, DateTimeOffset now) =>
        OutboxEntity.Create(courseId, RowKeys.Outbox(reference, template), template, RowKeys.Booking(reference), now, OutboxGrace.Default);

    public static CourseChangeRejectedException Rejected(TableTransactionRejectedException<CourseRow> e) =>
        new(e.FailedName, Refusal(e.Status), e);

    public static CourseChangeRefusal Refusal(int status) => status switch
    {
        StorageStatus.PreconditionFailed => CourseChangeRefusal.LostRace,
        StorageStatus.AlreadyExists => CourseChangeRefusal.AlreadyExists,
        StorageStatus.NotFound => CourseChangeRefusal.NotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a refusal of a course change."),
    };

    // The stored row keeps what the domain does not see (created time, cancellation time and message); the domain's
    // course replaces the rest.
    private static CourseEntity CourseRowFor(CourseChangeSet changes)
    {
        var stored = (CourseEntity)changes.Snapshot.Version;
        var row = CourseEntity.FromCourse(changes.Course, stored.CreatedUtc);
        row.ETag = stored.ETag;
        row.CancelledUtc = changes.CancelsCourse ? changes.Now : stored.CancelledUtc;
        row.CancellationMessage = changes.CancelsCourse ? changes.CancellationMessage : stored.CancellationMessage;
        return row;
    }
}
