using System.Text.Json;
using FluentValidation;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Links;
using HappyBabyHive.Payments;
using HappyBabyHive.Time;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings;

public interface IBookingService
{
    Task<BookingOutcome> BookAsync(BookingRequest request, string? idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// Takes a place on a course. The course row (with its counters), the booking, the family and idempotency pointers
/// and the owed email are written in one Table transaction guarded by the course row's ETag, so places can never be
/// oversold and a stored booking always has its email record.
/// Concurrent bookings for the same course are combined: one writer per course per instance reads the course once and
/// writes everyone waiting in one transaction (up to 100 entities), in arrival order, so a popular course opening costs
/// a handful of transactions instead of hundreds of lost ETag races. Across instances the ETag still decides: a round
/// that loses (412) re-reads and tries again with whoever has arrived since.
/// A place on a paid course, with card payments on, is held as AwaitingPayment in that same transaction; the Checkout
/// Session is created afterwards (never inside a round, which would hold up everyone else's booking on Stripe).
/// </summary>
public sealed partial class BookingService(
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    IValidator<BookingRequest> validator,
    PersonalDataHasher hasher,
    IBookingCheckout checkout,
    IOptions<PaymentOptions> payments,
    TimeProvider time,
    ILogger<BookingService> logger) : IBookingService
{
    /// <summary>A booking that loses this many ETag races in a row (other instances keep winning) is told to try again.</summary>
    private const int MaxConflicts = 40;

    private CourseBookingLanes<PendingBooking>? lanes;

    // Created on first use because it calls back into this instance; EnsureInitialized publishes exactly one.
    private CourseBookingLanes<PendingBooking> Lanes => LazyInitializer.EnsureInitialized(ref lanes, () => new CourseBookingLanes<PendingBooking>(RunRoundAsync));

    public async Task<BookingOutcome> BookAsync(BookingRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        switch (await FormScreening.ScreenAsync(request, validator, logger, cancellationToken))
        {
            case FormRefusal.Bot:
                return new BookingOutcome.Ignored();
            case FormRefusal.Invalid invalid:
                return new BookingOutcome.Invalid(invalid.Errors);
        }

        // The course itself (exists, bookable, the baby's age) is checked in the booking's round, on the one read of
        // the course row the transaction is guarded by.
        var booking = Normalise(request);
        // The same key with a different request is refused; the fingerprint tells them apart. Keyed, because the
        // request holds the address: a plain SHA-256 could be tested by anyone who can guess every field.
        var requestHash = hasher.Hash("booking-request", JsonSerializer.SerializeToUtf8Bytes(booking));
        var idempotencyPointer = string.IsNullOrWhiteSpace(idempotencyKey) ? null : BookingPointerKey.IdempotencyKey(idempotencyKey);
        var pending = new PendingBooking(booking, idempotencyPointer, BookingPointerKey.Family(hasher, booking.Email, booking.BabyFirstName), requestHash, cancellationToken);
        Lanes.Enqueue(booking.CourseId, pending);
        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// One round for one course: read the course row, give each waiting booking its place in arrival order, and write
    /// them all in one transaction guarded by the course row's ETag. Returns the bookings that must wait for the next
    /// round. Never throws: a failure is every waiting caller's answer.
    /// </summary>
    private async Task<IReadOnlyList<PendingBooking>> RunRoundAsync(string courseId, IReadOnlyList<PendingBooking> waiting)
    {
        var live = waiting.Where(p => !p.Answer.Task.IsCompleted && !p.CancellationToken.IsCancellationRequested).ToList();
        foreach (var gone in waiting.Except(live))
        {
            gone.Answer.TrySetCanceled(gone.CancellationToken);
        }

        if (live.Count == 0)
        {
            return [];
        }

        try
        {
            return await TryCommitRoundAsync(courseId, live);
        }
        catch (Exception e)
        {
            // Storage unreachable or failing: each caller sees the same exception the single-booking path would throw.
            foreach (var pending in live)
            {
                pending.Answer.TrySetException(e);
            }

            return [];
        }
    }

    private async Task<IReadOnlyList<PendingBooking>> TryCommitRoundAsync(string courseId, List<PendingBooking> waiting)
    {
        // Rounds share the host's lifetime, not one caller's: a caller who gives up must not fail the others' booking.
        var snapshot = await partitions.LoadAsync(courseId, CancellationToken.None);
        if (snapshot is null)
        {
            AnswerAll(waiting, new BookingOutcome.CourseNotFound(courseId));
            return [];
        }

        var course = snapshot.Course;
        var now = time.GetUtcNow();
        if (CourseAdmission.CheckBookable(course, now, AdmissionAudience.Family) is { } notBookable)
        {
            AnswerAll(waiting, new BookingOutcome.CourseNotBookable(notBookable.Message));
            return [];
        }

        var changes = snapshot.Change(now);
        var round = new Round(courseId, course.Title, now, changes);
        var leftOver = new List<PendingBooking>();
        var generalLeft = course.GeneralSpacesLeft;
        foreach (var pending in waiting)
        {
            var booking = pending.Booking;
            if (CourseAdmission.CheckAge(course, booking.BabyDateOfBirth, AdmissionAudience.Family) is { } wrongAge)
            {
                pending.Answer.TrySetResult(new BookingOutcome.Invalid(new Dictionary<string, string[]>
                {
                    ["babyDateOfBirth"] = [wrongAge.Message],
                }));
                continue;
            }

            // The same idempotency key twice in one round: the later ones get the first's booking. The same family
            // without that key is answered like a new booking and the family is emailed the real one (see FamilyDuplicate).
            if (round.Find(pending) is { } first)
            {
                if (pending.IdempotencyPointer is not null && pending.IdempotencyPointer == first.Pending.IdempotencyPointer)
                {
                    if (pending.RequestHash != first.Pending.RequestHash)
                    {
                        pending.Answer.TrySetResult(new BookingOutcome.IdempotencyKeyReused());
                    }
                    else
                    {
                        first.Duplicates.Add(pending);
                    }
                }
                else if (leftOver.Count > 0 || !round.Fits(1))
                {
                    leftOver.Add(pending);
                }
                else
                {
                    // What a new booking would be told at this point in the round, without taking anything.
                    var (decoyStatus, _) = generalLeft > 0 ? PlaceFor(course, booking, now) : (BookingStatus.Waitlisted, null);
                    pending.Decoy = Decoy(courseId, course.Title, decoyStatus, decoyStatus == BookingStatus.Waitlisted ? changes.WaitlistCount + 1 : null);
                    round.OweDuplicateEmail(first, pending);
                }

                continue;
            }

            if (leftOver.Count > 0 || !round.Fits(pending))
            {
                // One transaction holds at most 100 entities; the rest go in the next round, in order.
                leftOver.Add(pending);
                continue;
            }

            if (booking.PayAnotherWay && payments.Value.Enabled && course.PricePence > 0 && !course.PayAnotherWayAllowed)
            {
                pending.Answer.TrySetResult(new BookingOutcome.Invalid(new Dictionary<string, string[]>
                {
                    ["paymentMethod"] = ["This course is paid by card when you book."],
                }));
                continue;
            }

            var takesPlace = generalLeft > 0;
            int? waitlistPosition = null;
            BookingPayment? payment = null;
            var status = BookingStatus.Waitlisted;
            if (takesPlace)
            {
                generalLeft--;
                (status, payment) = PlaceFor(course, booking, now);
            }
            else
            {
                waitlistPosition = changes.JoinWaitlist();
            }

            round.Add(pending, status, waitlistPosition, payment);
        }

        if (round.Places.Count == 0)
        {
            return leftOver;
        }

        try
        {
            await partitions.CommitAsync(changes, CancellationToken.None);
        }
        catch (CourseChangeRejectedException e) when (e.LostRace)
        {
            // Another instance (or the owner's console) changed the course row since we read it. Nothing was written;
            // back off briefly and read again, with anyone who arrived meanwhile.
            // A re-pointed family pointer may be what changed: read it again rather than re-point a stale version.
            foreach (var place in round.Places)
            {
                place.Pending.CancelledEarlier = null;
            }

            var tooMany = round.Places.Where(p => ++p.Pending.Conflicts > MaxConflicts).ToList();
            foreach (var place in tooMany)
            {
                LogGaveUp(logger, courseId);
                place.AnswerAll(new BookingOutcome.Busy());
            }

            await Task.Delay(Backoff(round.Places.Max(p => p.Pending.Conflicts)), BackoffClock.Machine);
            return [.. round.Places.Except(tooMany).SelectMany(p => p.Everyone), .. leftOver];
        }
        catch (CourseChangeRejectedException e) when (e.AlreadyExists && round.PlaceOf(e.Failed) is { } clash)
        {
            // A reference collision, or a family or idempotency pointer that already exists: that family booked before
            // (perhaps through another instance). Answer them with their earlier booking; everyone else tries again.
            var earlier = clash.IsBookingRow
                ? null
                : await FindEarlierBookingAsync(round, clash.Place, CancellationToken.None);
            var retry = round.Places.Where(p => p != clash.Place || earlier is null).SelectMany(p => p.Everyone).ToList();
            if (earlier is not null)
            {
                // Its duplicates in this round are retried on their own and will meet the same pointer.
                clash.Place.Pending.Answer.TrySetResult(earlier);
                retry.AddRange(clash.Place.Duplicates);
                retry.AddRange(clash.Place.FamilyDuplicates);
            }

            return [.. retry.OrderBy(p => p.Sequence), .. leftOver];
        }

        foreach (var place in round.Places)
        {
            LogBooked(logger, courseId, place.Reference, place.Status);
        }

        // The round is stored; enqueue each email and answer each caller without holding up the next round.
        foreach (var place in round.Places)
        {
            _ = AnswerAfterEnqueueAsync(round, place);
        }

        return leftOver;
    }

    /// <summary>
    /// How a family taking a general place pays: nothing on a free course; by card at Checkout (the place held until
    /// paid) when card payments are on and they didn't choose another way; otherwise confirmed at once, owed by bank
    /// transfer or cash (payments off, or "pay another way" where the course allows it).
    /// </summary>
    private (BookingStatus Status, BookingPayment? Payment) PlaceFor(Course course, NormalisedBooking booking, DateTimeOffset now)
    {
        if (course.PricePence <= 0)
        {
            return (BookingStatus.Confirmed, null);
        }

        if (payments.Value.Enabled && !booking.PayAnotherWay)
        {
            return (BookingStatus.AwaitingPayment, new BookingPayment
            {
                Method = PaymentMethod.Card,
                AmountPence = course.PricePence,
                CheckoutAttempt = 1,
                HeldUntilUtc = payments.Value.HoldUntil(now),
            });
        }

        return (BookingStatus.Confirmed, new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = course.PricePence });
    }

    private async Task AnswerAfterEnqueueAsync(Round round, Place place)
    {
        try
        {
            foreach (var template in place.Emails)
            {
                await emailQueue.EnqueueOrLeaveToSweepAsync(partitions.EmailMessage(round.CourseId, place.Reference, template), logger, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // The booking and its outbox row are stored, so the sweep sends the email; the caller must still hear
            // that they are booked (nobody else awaits this task).
            LogEnqueueFailed(logger, e.GetType().Name, round.CourseId, place.Reference);
        }

        var receipt = new BookingReceipt(place.Reference, place.Status, place.WaitlistPosition, round.CourseId, round.CourseTitle);
        if (place.Status == BookingStatus.AwaitingPayment)
        {
            // The place is held either way; without a session the parent is told to try again, and the retry (the
            // same family or key) finds this booking and gets the session made under its idempotency key.
            var started = await StartCheckoutAsync(receipt);
            place.Pending.Answer.TrySetResult(started ?? new BookingOutcome.PaymentUnavailable(receipt));
            foreach (var duplicate in place.Duplicates)
            {
                duplicate.Answer.TrySetResult(started is BookingOutcome.Created { Receipt: var paying } ? new BookingOutcome.Replayed(paying) : new BookingOutcome.PaymentUnavailable(receipt));
            }

            AnswerFamilyDuplicates(round, place);
            return;
        }

        place.Pending.Answer.TrySetResult(new BookingOutcome.Created(receipt));
        foreach (var duplicate in place.Duplicates)
        {
            duplicate.Answer.TrySetResult(new BookingOutcome.Replayed(receipt));
        }

        AnswerFamilyDuplicates(round, place);
    }

    private void AnswerFamilyDuplicates(Round round, Place place)
    {
        foreach (var duplicate in place.FamilyDuplicates)
        {
            LogFamilyDuplicate(logger, round.CourseId);
            duplicate.Answer.TrySetResult(duplicate.Decoy ?? throw new InvalidOperationException("A family duplicate is given its answer when it joins the round."));
        }
    }

    /// <summary>
    /// The answer to a family duplicate: shaped like a new booking's (201, a fresh-looking reference that is stored
    /// nowhere, the status and waitlist position a new booking would be given right now), never the original booking's.
    /// A place that would be held for Checkout can't be faked without a real session, so it is answered as a new
    /// booking is when Stripe can't be reached. docs/abuse-resistance.md, "Repeat bookings".
    /// </summary>
    private static BookingOutcome Decoy(string courseId, string courseTitle, BookingStatus status, int? waitlistPosition)
    {
        var receipt = new BookingReceipt(BookingReference.New(), status, status == BookingStatus.Waitlisted ? waitlistPosition : null, courseId, courseTitle);
        return status == BookingStatus.AwaitingPayment ? new BookingOutcome.PaymentUnavailable(receipt) : new BookingOutcome.Created(receipt);
    }

    /// <summary>Created with the Checkout Session, or null when Stripe can't be reached (the place stays held).</summary>
    private async Task<BookingOutcome?> StartCheckoutAsync(BookingReceipt receipt)
    {
        try
        {
            return await checkout.StartAsync(new BookingKey(receipt.CourseId, receipt.Reference), CancellationToken.None) switch
            {
                CheckoutStart.Started started => new BookingOutcome.Created(receipt with { Checkout = started.Session }),
                _ => null,
            };
        }
        catch (Exception e)
        {
            // Storage failing while recording the session: the hold is stored, so a retry resumes it.
            LogCheckoutFailed(logger, e.GetType().Name, receipt.CourseId, receipt.Reference);
            return null;
        }
    }

    private static void AnswerAll(IEnumerable<PendingBooking> waiting, BookingOutcome outcome)
    {
        foreach (var pending in waiting)
        {
            pending.Answer.TrySetResult(outcome);
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(250, 10 * Math.Pow(2, Math.Min(attempt, 10))));

    /// <summary>
    /// The earlier booking a clashing pointer names, replayed to the caller; or null to try again: after a reference
    /// collision, or when the family's earlier booking here was cancelled (then the retry re-points their pointer at
    /// the new booking, so a family can book again after cancelling).
    /// </summary>
    private async Task<BookingOutcome?> FindEarlierBookingAsync(Round round, Place place, CancellationToken cancellationToken)
    {
        var courseId = round.CourseId;
        var pending = place.Pending;
        if (pending.IdempotencyPointer is not null && await partitions.FindPointerAsync(courseId, pending.IdempotencyPointer, cancellationToken) is { } byKey)
        {
            return byKey.RequestFingerprint == pending.RequestHash
                ? await ReplayAsync(courseId, byKey.Reference, cancellationToken)
                : new BookingOutcome.IdempotencyKeyReused();
        }

        if (await partitions.FindPointerAsync(courseId, pending.FamilyPointer, cancellationToken) is not { } byFamily)
        {
            return null;
        }

        var earlier = await partitions.FindBookingAsync(courseId, byFamily.Reference, cancellationToken)
            ?? throw new InvalidOperationException("A pointer names a booking that does not exist.");
        if (earlier.Status == BookingStatus.Cancelled)
        {
            pending.CancelledEarlier = byFamily;
            return null;
        }

        // The family booked before, and this request doesn't carry that booking's key: whoever sent it may only know
        // an address and a baby's name. The family's inbox gets the real booking; the caller gets what a new booking
        // would (this place's status and position, which this round gave it and now won't be stored).
        var owed = await partitions.OweEmailToEachAsync(courseId, [earlier], pending.DuplicateEmail, time.GetUtcNow(), cancellationToken);
        try
        {
            foreach (var message in owed)
            {
                await emailQueue.EnqueueOrLeaveToSweepAsync(message, logger, cancellationToken);
            }
        }
        catch (Exception e)
        {
            // The outbox row is stored, so the sweep sends it.
            LogEnqueueFailed(logger, e.GetType().Name, courseId, earlier.Reference);
        }

        LogFamilyDuplicate(logger, courseId);
        return Decoy(courseId, round.CourseTitle, place.Status, place.WaitlistPosition);
    }

    private async Task<BookingOutcome> ReplayAsync(string courseId, string reference, CancellationToken cancellationToken)
    {
        var booking = await partitions.FindBookingAsync(courseId, reference, cancellationToken)
            ?? throw new InvalidOperationException("A pointer names a booking that does not exist.");
        var course = await partitions.LoadAsync(courseId, cancellationToken)
            ?? throw new InvalidOperationException("A booking's course does not exist.");
        var receipt = new BookingReceipt(reference, booking.Status, booking.WaitlistPosition, courseId, course.Course.Title);
        if (booking.Status == BookingStatus.AwaitingPayment)
        {
            // The parent's retry (or a second tab) while their place is held: the same session, never a second place.
            return await StartCheckoutAsync(receipt) is BookingOutcome.Created { Receipt: var paying }
                ? new BookingOutcome.Replayed(paying)
                : new BookingOutcome.PaymentUnavailable(receipt);
        }

        return new BookingOutcome.Replayed(receipt);
    }

    private static NormalisedBooking Normalise(BookingRequest request)
    {
        if (!FieldRules.TryParseDate(request.BabyDateOfBirth, out var dateOfBirth))
        {
            throw new InvalidOperationException("Normalise runs only after validation has accepted the date.");
        }

        return new NormalisedBooking(
            request.CourseId!.Trim(),
            request.ParentName!.Trim(),
            request.Email!.Trim(),
            string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(),
            request.BabyFirstName!.Trim(),
            dateOfBirth,
            request.WellbeingTipsOptIn,
            request.PaymentMethod == PaymentChoice.AnotherWay);
    }

    private sealed record NormalisedBooking(
        string CourseId, string ParentName, string Email, string? Phone, string BabyFirstName, DateOnly BabyDateOfBirth, bool WellbeingTipsOptIn, bool PayAnotherWay);

    /// <summary>One caller's booking, waiting in its course's lane for a round to answer it.</summary>
    private sealed class PendingBooking(NormalisedBooking booking, BookingPointerKey? idempotencyPointer, BookingPointerKey familyPointer, string requestHash, CancellationToken cancellationToken)
    {
        private static long sequence;

        public NormalisedBooking Booking { get; } = booking;
        public BookingPointerKey? IdempotencyPointer { get; } = idempotencyPointer;
        public BookingPointerKey FamilyPointer { get; } = familyPointer;
        public string RequestHash { get; } = requestHash;
        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>Arrival order, kept when a round hands bookings back.</summary>
        public long Sequence { get; } = Interlocked.Increment(ref sequence);

        /// <summary>ETag races lost so far.</summary>
        public int Conflicts { get; set; }

        /// <summary>The family's pointer here names a booking they cancelled: this booking re-points it (guarded by its version).</summary>
        public BookingPointer? CancelledEarlier { get; set; }

        /// <summary>If this turns out to be a family duplicate: the one "you already have a booking" email it owes (fixed, so a retried round owes the same row).</summary>
        public string DuplicateEmail { get; } = EmailTemplates.BookingDuplicate();

        /// <summary>A family duplicate's answer, decided in the round that found it.</summary>
        public BookingOutcome? Decoy { get; set; }

        // Continuations run off the round's thread, so one caller's code never delays the next round.
        public TaskCompletionSource<BookingOutcome> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The entities this booking adds to a transaction: booking, family pointer, outbox, and the optional ones.</summary>
        public int EntityCount => 3 + (IdempotencyPointer is null ? 0 : 1) + (Booking.WellbeingTipsOptIn ? 1 : 0);
    }

    /// <summary>A booking given a place in a round, with the rows it writes.</summary>
    private sealed class Place(PendingBooking pending, string reference, BookingStatus status, int? waitlistPosition)
    {
        public PendingBooking Pending { get; } = pending;
        public string Reference { get; } = reference;
        public BookingStatus Status { get; } = status;
        public int? WaitlistPosition { get; } = waitlistPosition;
        /// <summary>The templates of the emails this booking owes (written in the same transaction).</summary>
        public List<string> Emails { get; } = [];

        /// <summary>Later requests in the same round from the same family or with the same key: they get this booking.</summary>
        public List<PendingBooking> Duplicates { get; } = [];

        /// <summary>Later requests in the same round from the same family without this booking's key: answered with a decoy, and the family emailed.</summary>
        public List<PendingBooking> FamilyDuplicates { get; } = [];

        public IEnumerable<PendingBooking> Everyone => [Pending, .. Duplicates, .. FamilyDuplicates];

        public void AnswerAll(BookingOutcome outcome)
        {
            foreach (var pending in Everyone)
            {
                pending.Answer.TrySetResult(outcome);
            }
        }
    }

    /// <summary>The place a refused row belongs to, and whether it is one of the rows named by the fresh reference (booking, emails) rather than a pointer.</summary>
    private sealed record Clash(Place Place, bool IsBookingRow);

    /// <summary>The bookings one transaction writes, added to the round's course change set.</summary>
    private sealed class Round(string courseId, string courseTitle, DateTimeOffset now, CourseChangeSet changes)
    {
        public string CourseId { get; } = courseId;
        public string CourseTitle { get; } = courseTitle;
        public List<Place> Places { get; } = [];

        public bool Fits(PendingBooking pending) => changes.Fits(pending.EntityCount);

        public bool Fits(int rows) => changes.Fits(rows);

        public Place? Find(PendingBooking pending) => Places.FirstOrDefault(p =>
            p.Pending.FamilyPointer == pending.FamilyPointer || (pending.IdempotencyPointer is not null && p.Pending.IdempotencyPointer == pending.IdempotencyPointer));

        public void Add(PendingBooking pending, BookingStatus status, int? waitlistPosition, BookingPayment? payment)
        {
            var booking = pending.Booking;
            var reference = BookingReference.New();
            var place = new Place(pending, reference, status, waitlistPosition);
            var row = new Booking
            {
                Reference = reference,
                Status = place.Status,
                WaitlistPosition = waitlistPosition,
                ParentName = booking.ParentName,
                Email = booking.Email,
                Phone = booking.Phone,
                BabyFirstName = booking.BabyFirstName,
                BabyDateOfBirth = booking.BabyDateOfBirth,
                TermsAcceptedUtc = now,
                WellbeingTipsOptIn = booking.WellbeingTipsOptIn,
                WellbeingTipsOptInUtc = booking.WellbeingTipsOptIn ? now : null,
                WellbeingTipsConsentVersion = booking.WellbeingTipsOptIn ? WellbeingTips.ConsentWording.Version : null,
                CreatedUtc = now,
                Payment = payment,
            };
            switch (status)
            {
                case BookingStatus.AwaitingPayment:
                    // No confirmation until paid: the payment's webhook owes it.
                    changes.HoldPlaceForPayment(row);
                    break;
                case BookingStatus.Confirmed:
                    changes.AddBooking(row);
                    changes.TakeGeneralPlace();
                    place.Emails.Add(EmailTemplates.BookingConfirmed);
                    break;
                default:
                    changes.AddBooking(row);
                    place.Emails.Add(EmailTemplates.BookingWaitlisted);
                    break;
            }

            // The tips box starts the same double opt-in as the tips form: the confirm email is owed in this very
            // transaction, so a crash after booking can't lose it (the outbox sweep sends it).
            if (booking.WellbeingTipsOptIn)
            {
                place.Emails.Add(EmailTemplates.TipsOptInFromBooking);
            }

            foreach (var template in place.Emails)
            {
                changes.OweEmail(reference, template);
            }

            if (pending.CancelledEarlier is { } earlier)
            {
                changes.RepointPointer(earlier, pending.FamilyPointer, reference);
            }
            else
            {
                changes.AddPointer(pending.FamilyPointer, reference);
            }
            if (pending.IdempotencyPointer is not null)
            {
                changes.AddPointer(pending.IdempotencyPointer, reference, pending.RequestHash);
            }

            Places.Add(place);
        }

        /// <summary>Owes the family of <paramref name="place"/> the "you already have a booking" email for <paramref name="duplicate"/>, in this transaction.</summary>
        public void OweDuplicateEmail(Place place, PendingBooking duplicate)
        {
            changes.OweEmail(place.Reference, duplicate.DuplicateEmail);
            place.Emails.Add(duplicate.DuplicateEmail);
            place.FamilyDuplicates.Add(duplicate);
        }

        /// <summary>The place a refused row belongs to: every row but the course's is named by its booking's reference.</summary>
        public Clash? PlaceOf(CourseRow failed) =>
            Places.FirstOrDefault(p => p.Reference == failed.Reference) is { } place
                ? new Clash(place, failed.Kind is CourseRowKind.Booking or CourseRowKind.Outbox)
                : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {Reference} on course {CourseId} stored as {Status}")]
    private static partial void LogBooked(ILogger logger, string courseId, string reference, BookingStatus status);


    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start Checkout for booking {Reference} on course {CourseId} ({Error}); the place stays held")]
    private static partial void LogCheckoutFailed(ILogger logger, string error, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "A repeat booking from a family already booked on course {CourseId}: answered like a new booking, the family emailed")]
    private static partial void LogFamilyDuplicate(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up booking course {CourseId} after repeated concurrent updates")]
    private static partial void LogGaveUp(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue the emails for booking {Reference} on course {CourseId} ({Error}); the outbox sweep will send them")]
    private static partial void LogEnqueueFailed(ILogger logger, string error, string courseId, string reference);

}

