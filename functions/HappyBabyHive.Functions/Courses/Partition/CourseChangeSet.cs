namespace HappyBabyHive.Courses.Partition;

/// <summary>
/// Everything one change to a course's partition writes, in the domain's words: the course (counters, status,
/// details; always written, guarded by the version it was read with), bookings added or changed, pointers, and the
/// emails owed. <see cref="ICoursePartitionStore.CommitAsync"/> writes it as one transaction: all or nothing, and
/// refused if anyone else changed the course since the snapshot was read. Counters change only through the methods
/// here, which keep them in step with the bookings they count.
/// </summary>
public sealed class CourseChangeSet
{
    /// <summary>Azure Table transactions hold at most 100 rows.</summary>
    public const int MaxRows = 100;

    private readonly CourseSnapshot snapshot;
    private readonly List<CourseRowChange> rows = [];
    private readonly Dictionary<string, Booking> changedBookings = new(StringComparer.Ordinal);

    internal CourseChangeSet(CourseSnapshot snapshot, DateTimeOffset now)
    {
        this.snapshot = snapshot;
        Now = now;
        Course = snapshot.Course;
    }

    public string CourseId => snapshot.Course.Id;

    /// <summary>The course as it will be once this change is committed.</summary>
    public Course Course { get; private set; }

    /// <summary>When the change is made (stamped on what it writes).</summary>
    public DateTimeOffset Now { get; }

    public int GeneralPlacesTaken => Course.GeneralPlacesTaken;

    public int FreePlacesTaken => Course.FreePlacesTaken;

    public int WaitlistCount => Course.WaitlistCount;

    /// <summary>True when this change cancels the course (see <see cref="Cancel"/>).</summary>
    public bool CancelsCourse { get; private set; }

    /// <summary>The owner's message to families when this change cancels the course.</summary>
    public string? CancellationMessage { get; private set; }

    /// <summary>Rows this change writes so far, the course row included.</summary>
    public int RowCount => 1 + rows.Count;

    /// <summary>True when <paramref name="more"/> rows still fit in the one transaction.</summary>
    public bool Fits(int more) => RowCount + more <= MaxRows;

    /// <summary>For the store: the rows after the course row, in the order they were added.</summary>
    public IReadOnlyList<CourseRowChange> Rows => rows;

    /// <summary>For the store: the snapshot this change was started from (the versions it is guarded by).</summary>
    public CourseSnapshot Snapshot => snapshot;

    public void TakeGeneralPlace() => Course = Course with { GeneralPlacesTaken = Course.GeneralPlacesTaken + 1 };

    public void TakeFreePlace() => Course = Course with { FreePlacesTaken = Course.FreePlacesTaken + 1 };

    /// <summary>Adds one to the waitlist; returns the new family's position.</summary>
    public int JoinWaitlist()
    {
        Course = Course with { WaitlistCount = Course.WaitlistCount + 1 };
        return Course.WaitlistCount;
    }

    /// <summary>Sets the waitlist counter from a count of the rows themselves, so a counter that ever drifted is put right.</summary>
    public void SetWaitlistCount(int waiting) => Course = Course with { WaitlistCount = waiting };

    /// <summary>Replaces what the owner edits (title, dates, places, price, ages), keeping counters, status and history.</summary>
    public void SetDetails(Course details) => Course = details with
    {
        Id = CourseId,
        Status = Course.Status,
        CreationKey = Course.CreationKey,
        GeneralPlacesTaken = Course.GeneralPlacesTaken,
        FreePlacesTaken = Course.FreePlacesTaken,
        WaitlistCount = Course.WaitlistCount,
    };

    public void Cancel(string? messageToFamilies)
    {
        Course = Course with { Status = CourseStatus.Cancelled };
        CancelsCourse = true;
        CancellationMessage = messageToFamilies;
    }

    public void AddBooking(Booking booking) => rows.Add(new CourseRowChange.BookingAdded(booking));

    /// <summary>
    /// Points <paramref name="key"/> at a booking. Refused (<see cref="CourseChangeRefusal.AlreadyExists"/>) if that
    /// pointer exists: that family, key or request booked before.
    /// </summary>
    public void AddPointer(BookingPointerKey key, string reference, string? requestFingerprint = null) =>
        rows.Add(new CourseRowChange.PointerAdded(key, reference, requestFingerprint));

    /// <summary>
    /// Points an existing pointer (read with its version) at another booking: a family who cancelled and books again.
    /// Refused (<see cref="CourseChangeRefusal.LostRace"/>) if the pointer changed since it was read.
    /// </summary>
    public void RepointPointer(BookingPointer existing, BookingPointerKey key, string reference) =>
        rows.Add(new CourseRowChange.PointerRepointed(key, reference, existing.Version ?? throw new InvalidOperationException("Only a pointer read from the store can be re-pointed.")));

    /// <summary>Owes the email <paramref name="template"/> about booking <paramref name="reference"/>, written with this change.</summary>
    public void OweEmail(string reference, string template) => rows.Add(new CourseRowChange.EmailOwed(reference, template));

    /// <summary>Moves a waitlisted booking (read with the snapshot) onto a general place.</summary>
    public void PromoteFromWaitlist(string reference)
    {
        Change(reference, b => b with { Status = BookingStatus.Confirmed, WaitlistPosition = null });
        TakeGeneralPlace();
    }

    /// <summary>Gives a waitlisted booking (read with the snapshot) a new position.</summary>
    public void MoveOnWaitlist(string reference, int position) => Change(reference, b => b with { WaitlistPosition = position });

    /// <summary>
    /// Ends a booking read with the snapshot and gives back what it held: a confirmed general place or an offered one
    /// (<see cref="FreedPlace.General"/>: the caller offers it on), a free place, or a waitlist slot (the caller
    /// renumbers those behind it). A booking already cancelled cannot be cancelled again.
    /// </summary>
    public FreedPlace CancelBooking(string reference, CancellationReason reason)
    {
        var booking = Current(reference);
        var freed = booking.Status switch
        {
            BookingStatus.Confirmed when booking.IsFreePlace => FreedPlace.Free,
            BookingStatus.Confirmed or BookingStatus.Offered or BookingStatus.Arriving or BookingStatus.AwaitingPayment => FreedPlace.General,
            BookingStatus.Waitlisted => FreedPlace.WaitlistSlot,
            _ => throw new InvalidOperationException("Only a live booking can be cancelled."),
        };
        Course = freed switch
        {
            FreedPlace.Free => Course with { FreePlacesTaken = Math.Max(0, Course.FreePlacesTaken - 1) },
            FreedPlace.General => Course with { GeneralPlacesTaken = Math.Max(0, Course.GeneralPlacesTaken - 1) },
            _ => Course with { WaitlistCount = Math.Max(0, Course.WaitlistCount - 1) },
        };
        Change(reference, b => b with
        {
            Status = BookingStatus.Cancelled,
            WaitlistPosition = null,
            OfferExpiresUtc = null,
            CancelledUtc = Now,
            CancellationReason = reason,
        });
        return freed;
    }

    /// <summary>
    /// Offers a general place to a waitlisted booking (read with the snapshot) until <paramref name="expiresUtc"/>: the
    /// place is held for the family (counted as taken) and they leave the waitlist's numbering.
    /// </summary>
    public void OfferPlace(string reference, DateTimeOffset expiresUtc)
    {
        if (Current(reference).Status != BookingStatus.Waitlisted)
        {
            throw new InvalidOperationException("Only a waitlisted booking can be offered a place.");
        }

        Change(reference, b => b with { Status = BookingStatus.Offered, WaitlistPosition = null, OfferedUtc = Now, OfferExpiresUtc = expiresUtc });
        Course = Course with
        {
            GeneralPlacesTaken = Course.GeneralPlacesTaken + 1,
            WaitlistCount = Math.Max(0, Course.WaitlistCount - 1),
        };
    }

    /// <summary>The family claims the place held for them (read with the snapshot): it becomes theirs, no counter moves.</summary>
    public void ClaimOffer(string reference)
    {
        if (Current(reference).Status != BookingStatus.Offered)
        {
            throw new InvalidOperationException("Only an offered place can be claimed.");
        }

        Change(reference, b => b with { Status = BookingStatus.Confirmed, OfferExpiresUtc = null });
    }

    /// <summary>A family moving here from another course: their place is held (taken) while the move completes.</summary>
    public void HoldArrival(Booking arriving)
    {
        if (arriving.Status != BookingStatus.Arriving || arriving.MovedFrom is null)
        {
            throw new InvalidOperationException("An arrival is a booking with status Arriving that names where it moved from.");
        }

        AddBooking(arriving);
        TakeGeneralPlace();
    }

    /// <summary>The move that held this place has finished: the place is the family's. No counter moves.</summary>
    public void ConfirmArrival(string reference)
    {
        if (Current(reference).Status != BookingStatus.Arriving)
        {
            throw new InvalidOperationException("Only an arriving booking can be confirmed as arrived.");
        }

        Change(reference, b => b with { Status = BookingStatus.Confirmed });
    }

    /// <summary>
    /// A new booking whose place is held while the family pays at Checkout (status AwaitingPayment, with its payment):
    /// the place is taken now, like a confirmed one, so it cannot be sold twice while they pay.
    /// </summary>
    public void HoldPlaceForPayment(Booking awaiting)
    {
        if (awaiting.Status != BookingStatus.AwaitingPayment || awaiting.Payment is not { Method: PaymentMethod.Card, HeldUntilUtc: not null })
        {
            throw new InvalidOperationException("A held place is a booking with status AwaitingPayment and a card payment held until a time.");
        }

        AddBooking(awaiting);
        TakeGeneralPlace();
    }

    /// <summary>The family paid for the place held for them: it is theirs, with the payment recorded. No counter moves.</summary>
    public void ConfirmPayment(string reference, BookingPayment payment)
    {
        if (Current(reference).Status != BookingStatus.AwaitingPayment)
        {
            throw new InvalidOperationException("Only a booking awaiting payment can be confirmed as paid.");
        }

        Change(reference, b => b with { Status = BookingStatus.Confirmed, Payment = payment });
    }

    /// <summary>
    /// A payment arrived for a place already released because the hold ran out (Cancelled, PaymentNotCompleted), and a
    /// general place is free: the family gets a place again, paid. The caller checks that a place is free.
    /// </summary>
    public void RestorePaidPlace(string reference, BookingPayment payment)
    {
        if (Current(reference) is not { Status: BookingStatus.Cancelled, CancellationReason: Courses.CancellationReason.PaymentNotCompleted })
        {
            throw new InvalidOperationException("Only a place released for want of payment can be restored.");
        }

        if (Course.GeneralSpacesLeft <= 0)
        {
            throw new InvalidOperationException("No general place is free to restore.");
        }

        Change(reference, b => b with { Status = BookingStatus.Confirmed, CancelledUtc = null, CancellationReason = null, Payment = payment });
        TakeGeneralPlace();
    }

    /// <summary>
    /// The family claims the place offered to them on a paid course: it stays held (no counter moves) while they pay at
    /// Checkout, until the payment's HeldUntilUtc.
    /// </summary>
    public void ClaimOfferForPayment(string reference, BookingPayment payment)
    {
        if (Current(reference).Status != BookingStatus.Offered)
        {
            throw new InvalidOperationException("Only an offered place can be claimed.");
        }

        if (payment is not { Method: PaymentMethod.Card, HeldUntilUtc: not null })
        {
            throw new InvalidOperationException("A claimed place awaiting payment needs a card payment held until a time.");
        }

        Change(reference, b => b with { Status = BookingStatus.AwaitingPayment, OfferExpiresUtc = null, Payment = payment });
    }

    /// <summary>
    /// Changes fields of a booking read with the snapshot (contact details, attendance, and the like):
    /// <c>changes.UpdateBooking(reference, b =&gt; b with { Phone = phone })</c>. Status and counters change only
    /// through the methods named for them (cancel, offer, claim, promote), which keep the counters right.
    /// </summary>
    public Booking UpdateBooking(string reference, Func<Booking, Booking> change)
    {
        var before = Current(reference);
        var after = change(before);
        if (after.Reference != before.Reference || after.Status != before.Status || after.IsFreePlace != before.IsFreePlace)
        {
            throw new InvalidOperationException("UpdateBooking cannot change a booking's reference, status or kind of place.");
        }

        return Change(reference, _ => after);
    }

    /// <summary>The booking as this change leaves it (read with the snapshot, with the changes so far).</summary>
    public Booking Current(string reference) =>
        changedBookings.TryGetValue(reference, out var changed) ? changed : snapshot.LoadedBooking(reference);

    // Every change to one booking rides on one replace (a transaction may touch a row once), written as it stands at commit.
    private Booking Change(string reference, Func<Booking, Booking> change)
    {
        var changed = change(Current(reference));
        if (!changedBookings.ContainsKey(reference))
        {
            rows.Add(new CourseRowChange.BookingChanged(reference));
        }

        changedBookings[reference] = changed;
        return changed;
    }

    /// <summary>For the store: the booking a <see cref="CourseRowChange.BookingChanged"/> row writes, and the version it was read with.</summary>
    public (Booking Booking, object Version) Changed(string reference) =>
        (changedBookings[reference], snapshot.BookingVersion(reference));
}

/// <summary>One row of a change, after the course row.</summary>
public abstract record CourseRowChange
{
    public sealed record BookingAdded(Booking Booking) : CourseRowChange;

    /// <summary>A booking read with the snapshot, changed (see <see cref="CourseChangeSet.Changed"/>).</summary>
    public sealed record BookingChanged(string Reference) : CourseRowChange;

    public sealed record PointerAdded(BookingPointerKey Key, string Reference, string? RequestFingerprint) : CourseRowChange;

    public sealed record PointerRepointed(BookingPointerKey Key, string Reference, object Version) : CourseRowChange;

    public sealed record EmailOwed(string Reference, string Template) : CourseRowChange;
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
