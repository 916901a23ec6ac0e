using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Storage.Courses;

/// <summary>What a row in a course's partition is, for naming the one a transaction failed on.</summary>
public enum CourseRowKind
{
    /// <summary>The course row with its counters: the row whose ETag guards every change.</summary>
    Course,

    Booking,

    /// <summary>A pointer at a booking: a family (hashed email and baby name), an idempotency key or a free-place request.</summary>
    BookingPointer,

    /// <summary>An email owed about a booking (transactional outbox).</summary>
    Outbox,
}

/// <summary>
/// One row a change set writes: its kind, the booking reference it belongs to (none for the course row), and for a
/// pointer the pointer row it adds (family, idempotency key or free-place request).
/// </summary>
public sealed record CourseRow(CourseRowKind Kind, string? Reference, string? PointerRow = null);

/// <summary>
/// A course as read from its partition, with what the read needs to write it back safely (its ETag, and the ETags of
/// any bookings read with it). Start a change with <see cref="Change"/>; one snapshot serves one commit.
/// </summary>
public sealed class CourseSnapshot
{
    private readonly Dictionary<string, BookingEntity> bookingRows = new(StringComparer.Ordinal);

    internal CourseSnapshot(CourseEntity row)
    {
        Row = row;
        Course = row.ToCourse();
    }

    /// <summary>The course as read, before any change.</summary>
    public Course Course { get; }

    /// <summary>The course's waitlisted bookings in the order they joined, when loaded (see <see cref="ICoursePartitionStore.LoadWaitlistAsync"/>).</summary>
    public IReadOnlyList<Booking> Waitlist { get; private set; } = [];

    internal CourseEntity Row { get; }

    internal void SetWaitlist(IReadOnlyList<BookingEntity> rows)
    {
        // A booking read twice (on its own and with the waitlist) stays one row, so one change never writes it twice.
        Waitlist = rows.Select(r => Keep(r).ToBooking()).ToList();
    }

    /// <summary>Keeps a booking row read with this snapshot so a change can update it; returns the row kept.</summary>
    internal BookingEntity Keep(BookingEntity row) =>
        bookingRows.TryGetValue(row.Reference, out var kept) ? kept : bookingRows[row.Reference] = row;

    internal BookingEntity BookingRow(string reference) =>
        bookingRows.TryGetValue(reference, out var row)
            ? row
            : throw new InvalidOperationException("Only bookings read with the snapshot can be changed.");

    public CourseChangeSet Change(DateTimeOffset now) => new(this, now);
}

/// <summary>
/// Everything one change to a course's partition writes: the course row (counters, status, details; always written,
/// guarded by the ETag it was read with), bookings added or updated, pointers, and the emails owed. Committed by
/// <see cref="ICoursePartitionStore.CommitAsync"/> as one transaction: all or nothing, and refused (412) if anyone
/// else changed the course since the snapshot was read. The store is the only code that changes course counters.
/// </summary>
public sealed class CourseChangeSet
{
    /// <summary>How long the outbox waits for the queue before the sweep assumes the message was lost.</summary>
    public static readonly TimeSpan OutboxGracePeriod = TimeSpan.FromMinutes(10);

    private readonly CourseSnapshot snapshot;
    private readonly DateTimeOffset now;
    private readonly TableTransactionBuilder<CourseRow> transaction = new();
    private readonly List<OutboxMessage> emails = [];
    private readonly HashSet<string> bookingsReplaced = new(StringComparer.Ordinal);

    internal CourseChangeSet(CourseSnapshot snapshot, DateTimeOffset now)
    {
        this.snapshot = snapshot;
        this.now = now;

        // The course row goes first and always: its ETag is what makes the whole change safe.
        transaction.Replace(new CourseRow(CourseRowKind.Course, null), snapshot.Row);
    }

    public string CourseId => snapshot.Course.Id;

    /// <summary>The course as it will be once this change is committed.</summary>
    public Course Course => snapshot.Row.ToCourse();

    public int GeneralPlacesTaken => snapshot.Row.GeneralPlacesTaken;

    public int FreePlacesTaken => snapshot.Row.FreePlacesTaken;

    public int WaitlistCount => snapshot.Row.WaitlistCount;

    /// <summary>Rows this change writes so far, the course row included.</summary>
    public int RowCount => transaction.Count;

    /// <summary>True when <paramref name="rows"/> more rows still fit in the one transaction (at most 100).</summary>
    public bool Fits(int rows) => transaction.Fits(rows);

    /// <summary>The queue messages for the emails this change owes, to enqueue once it is committed.</summary>
    public IReadOnlyList<OutboxMessage> Emails => emails;

    public void TakeGeneralPlace() => snapshot.Row.GeneralPlacesTaken++;

    public void TakeFreePlace() => snapshot.Row.FreePlacesTaken++;

    /// <summary>Adds one to the waitlist; returns the new family's position.</summary>
    public int JoinWaitlist() => ++snapshot.Row.WaitlistCount;

    /// <summary>Replaces what the owner edits (title, dates, places, price, ages), keeping counters, status and history.</summary>
    public void SetDetails(Course details)
    {
        var fresh = CourseEntity.FromCourse(details with { Id = CourseId }, snapshot.Row.CreatedUtc);
        var row = snapshot.Row;
        row.Kind = fresh.Kind;
        row.Title = fresh.Title;
        row.Description = fresh.Description;
        row.Venue = fresh.Venue;
        row.VenueAddress = fresh.VenueAddress;
        row.SessionsJson = fresh.SessionsJson;
        row.FirstSessionStartsUtc = fresh.FirstSessionStartsUtc;
        row.Capacity = fresh.Capacity;
        row.FreePlaces = fresh.FreePlaces;
        row.PricePence = fresh.PricePence;
        row.BabyAgeFromWeeks = fresh.BabyAgeFromWeeks;
        row.BabyAgeToWeeks = fresh.BabyAgeToWeeks;
        row.BabyAgeDescription = fresh.BabyAgeDescription;
    }

    public void Cancel(string? messageToFamilies)
    {
        snapshot.Row.Status = nameof(CourseStatus.Cancelled);
        snapshot.Row.CancelledUtc = now;
        snapshot.Row.CancellationMessage = messageToFamilies;
    }

    public void AddBooking(Booking booking) =>
        transaction.Add(new CourseRow(CourseRowKind.Booking, booking.Reference), BookingEntity.FromBooking(CourseId, booking));

    /// <summary>
    /// Points <paramref name="pointerRow"/> (a family, idempotency key or free-place request; see <see cref="RowKeys"/>)
    /// at a booking. Refused (409) if the pointer exists: that family, key or request booked before.
    /// </summary>
    public void AddPointer(string pointerRow, string reference, string? requestHash = null) =>
        transaction.Add(
            new CourseRow(CourseRowKind.BookingPointer, reference, pointerRow),
            new BookingPointerEntity { PartitionKey = CourseId, RowKey = pointerRow, Reference = reference, RequestHash = requestHash });

    /// <summary>Owes the email <paramref name="template"/> about booking <paramref name="reference"/>, written with this change; returns its queue message.</summary>
    public OutboxMessage OweEmail(string reference, string template)
    {
        var outbox = OutboxEntity.Create(CourseId, RowKeys.Outbox(reference, template), template, RowKeys.Booking(reference), now, OutboxGracePeriod);
        transaction.Add(new CourseRow(CourseRowKind.Outbox, reference), outbox);
        var message = EmailOwed(CourseId, reference, template);
        emails.Add(message);
        return message;
    }

    /// <summary>The queue message for an email a booking on this course owes (for re-sending one a commit wrote earlier).</summary>
    public static OutboxMessage EmailOwed(string courseId, string reference, string template) =>
        new(TableNames.Bookings, courseId, RowKeys.Outbox(reference, template));

    /// <summary>Moves a waitlisted booking (read with the snapshot) onto a general place.</summary>
    public void PromoteFromWaitlist(string reference)
    {
        var row = snapshot.BookingRow(reference);
        row.Status = nameof(BookingStatus.Confirmed);
        row.WaitlistPosition = null;
        snapshot.Row.GeneralPlacesTaken++;
        ReplaceBooking(row);
    }

    /// <summary>Gives a waitlisted booking (read with the snapshot) a new position.</summary>
    public void MoveOnWaitlist(string reference, int position)
    {
        var row = snapshot.BookingRow(reference);
        row.WaitlistPosition = position;
        ReplaceBooking(row);
    }

    /// <summary>
    /// Ends a booking read with the snapshot and gives back what it held: a confirmed general place or an offered one
    /// (<see cref="FreedPlace.General"/>: the caller offers it on), a free place, or a waitlist slot (the caller
    /// renumbers those behind it). A booking already cancelled cannot be cancelled again.
    /// </summary>
    public FreedPlace CancelBooking(string reference, CancellationReason reason)
    {
        var row = snapshot.BookingRow(reference);
        var freed = row.BookingStatus switch
        {
            BookingStatus.Confirmed when row.IsFreePlace => FreedPlace.Free,
            BookingStatus.Confirmed or BookingStatus.Offered => FreedPlace.General,
            BookingStatus.Waitlisted => FreedPlace.WaitlistSlot,
            _ => throw new InvalidOperationException("Only a live booking can be cancelled."),
        };
        switch (freed)
        {
            case FreedPlace.Free:
                snapshot.Row.FreePlacesTaken = Math.Max(0, snapshot.Row.FreePlacesTaken - 1);
                break;
            case FreedPlace.General:
                snapshot.Row.GeneralPlacesTaken = Math.Max(0, snapshot.Row.GeneralPlacesTaken - 1);
                break;
            default:
                snapshot.Row.WaitlistCount = Math.Max(0, snapshot.Row.WaitlistCount - 1);
                break;
        }

        row.Status = nameof(BookingStatus.Cancelled);
        row.WaitlistPosition = null;
        row.OfferExpiresUtc = null;
        row.CancelledUtc = now;
        row.CancellationReason = reason.ToString();
        ReplaceBooking(row);
        return freed;
    }

    /// <summary>
    /// Offers a general place to a waitlisted booking (read with the snapshot) until <paramref name="expiresUtc"/>: the
    /// place is held for the family (counted as taken) and they leave the waitlist's numbering.
    /// </summary>
    public void OfferPlace(string reference, DateTimeOffset expiresUtc)
    {
        var row = snapshot.BookingRow(reference);
        if (row.BookingStatus != BookingStatus.Waitlisted)
        {
            throw new InvalidOperationException("Only a waitlisted booking can be offered a place.");
        }

        row.Status = nameof(BookingStatus.Offered);
        row.WaitlistPosition = null;
        row.OfferedUtc = now;
        row.OfferExpiresUtc = expiresUtc;
        snapshot.Row.GeneralPlacesTaken++;
        snapshot.Row.WaitlistCount = Math.Max(0, snapshot.Row.WaitlistCount - 1);
        ReplaceBooking(row);
    }

    /// <summary>The family claims the place held for them (read with the snapshot): it becomes theirs, no counter moves.</summary>
    public void ClaimOffer(string reference)
    {
        var row = snapshot.BookingRow(reference);
        if (row.BookingStatus != BookingStatus.Offered)
        {
            throw new InvalidOperationException("Only an offered place can be claimed.");
        }

        row.Status = nameof(BookingStatus.Confirmed);
        row.OfferExpiresUtc = null;
        ReplaceBooking(row);
    }

    /// <summary>
    /// Changes fields of a booking read with the snapshot (contact details, attendance, and the like):
    /// <c>changes.UpdateBooking(reference, b =&gt; b with { Phone = phone })</c>. Status and counters change only
    /// through the methods named for them (cancel, offer, claim, promote), which keep the counters right.
    /// </summary>
    public Booking UpdateBooking(string reference, Func<Booking, Booking> change)
    {
        var row = snapshot.BookingRow(reference);
        var before = row.ToBooking();
        var after = change(before);
        if (after.Reference != before.Reference || after.Status != before.Status || after.IsFreePlace != before.IsFreePlace)
        {
            throw new InvalidOperationException("UpdateBooking cannot change a booking's reference, status or kind of place.");
        }

        row.Apply(after);
        ReplaceBooking(row);
        return after;
    }

    // Every change to one booking row in this change set rides on one replace (a transaction may touch a row once);
    // the row instance is the snapshot's own, so later changes are already in it.
    private void ReplaceBooking(BookingEntity row)
    {
        if (bookingsReplaced.Add(row.Reference))
        {
            transaction.Replace(new CourseRow(CourseRowKind.Booking, row.Reference), row);
        }
    }

    /// <summary>Sets the waitlist counter from a count of the rows themselves, so a counter that ever drifted is put right.</summary>
    public void SetWaitlistCount(int waiting) => snapshot.Row.WaitlistCount = waiting;

    internal TableTransactionBuilder<CourseRow> Transaction => transaction;
}

/// <summary>What cancelling a booking gave back to the course.</summary>
public enum FreedPlace
{
    /// <summary>A general place (booked or offered): offer it to the waitlist.</summary>
    General,

    /// <summary>A free place set aside for a family in need: it goes back to the owner's free places.</summary>
    Free,

    /// <summary>A place in the waitlist's queue: the families behind move up.</summary>
    WaitlistSlot,
}

/// <summary>
/// Storage refused a course change, so nothing in it was written. <see cref="LostRace"/>: someone changed the course
/// (or a booking read with it) since it was read; read again and retry. Otherwise <see cref="Failed"/> names the row
/// that already exists (a pointer: that family or key booked before; a booking: a reference collision).
/// </summary>
public sealed class CourseChangeRejectedException(CourseRow failed, int status, Exception inner)
    : Exception($"The change to the course was refused at its {failed.Kind} row (status {status}).", inner)
{
    public CourseRow Failed { get; } = failed;

    public int Status { get; } = status;

    public bool LostRace => Status == StorageStatus.PreconditionFailed;

    public bool AlreadyExists => Status == StorageStatus.AlreadyExists;
}
