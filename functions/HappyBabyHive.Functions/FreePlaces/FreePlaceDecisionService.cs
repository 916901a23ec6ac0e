using HappyBabyHive.Bookings;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceDecisionService
{
    Task<DecisionOutcome> ApproveAsync(string requestId, string? courseId, bool useGeneralPlace, DecisionRoute via, CancellationToken cancellationToken);

    Task<DecisionOutcome> DeclineAsync(string requestId, string? message, DecisionRoute via, CancellationToken cancellationToken);
}

/// <summary>
/// The owner's decision on a request, made once.
/// <para>
/// Approval touches two tables, so it runs in three steps, each guarded by an ETag:
/// (1) the request is marked Approving, which only one approval can do (the other gets "in progress");
/// (2) one transaction in the course's partition takes the place (the course row with its ETag: a free place while
/// any remain or, only if the owner asked, a general place while any remain), adds the confirmed booking marked as a
/// free place, the family pointer, a pointer keyed by the request id, and the confirmation email's outbox row. The
/// request-keyed pointer makes the step happen at most once per request, whoever retries it;
/// (3) the request is marked Approved. A crash between steps leaves Approving with a lease; once the lease has run
/// out, the next approval or decline finishes the job if step 2 happened, or starts afresh if it did not.
/// </para>
/// </summary>
public sealed partial class FreePlaceDecisionService(
    IFreePlaceRequestStore requests,
    ICoursePartitionStore partitions,
    ICourseStore courses,
    IEmailEnqueuer emailQueue,
    PersonalDataHasher hasher,
    IOptions<FreePlaceOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<FreePlaceDecisionService> logger) : IFreePlaceDecisionService
{
    public const int MaxDeclineMessageLength = 1000;

    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<DecisionOutcome> ApproveAsync(string requestId, string? courseId, bool useGeneralPlace, DecisionRoute via, CancellationToken cancellationToken)
    {
        if (!CourseIdFormat.IsValid(courseId))
        {
            return new DecisionOutcome.Invalid(new Dictionary<string, string[]> { ["courseId"] = ["Please choose the course to give the place on."] });
        }

        var (request, settled) = await ReadUndecidedAsync(requestId, cancellationToken);
        if (settled is not null)
        {
            return settled;
        }

        var course = await courses.FindAsync(courseId!, cancellationToken);
        if (course is null)
        {
            return new DecisionOutcome.CourseNotFound(courseId!);
        }

        // Cheap checks before claiming the request; the course transaction checks places again under its ETag.
        if (Refusal(course, request!, useGeneralPlace) is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var held = await requests.TryReplaceAsync(
            request! with { Status = FreePlaceStatus.Approving, Approving = new ApprovalHold(now + options.Value.ApprovalLease, course.Id, useGeneralPlace, via) },
            cancellationToken);
        if (held is null)
        {
            // Someone else decided or started deciding since we read it.
            return await SettledOrInProgressAsync(requestId, cancellationToken);
        }

        request = held;

        // From here the request is ours until the lease runs out: finish (or undo) whatever the caller does next,
        // so a closed browser tab can't leave it half done.
        var booked = await TakePlaceAsync(request, course.Id, useGeneralPlace, CancellationToken.None);
        if (booked is not TakePlaceResult.Booked place)
        {
            await ReleaseAsync(request);
            return ((TakePlaceResult.Refused)booked).Outcome;
        }

        var summary = await MarkApprovedAsync(request, course.Id, place.Reference, useGeneralPlace, via);

        // The booking is stored with its email owed: send it whether or not the request's own row could be finished.
        await emailQueue.EnqueueOrLeaveToSweepAsync(place.Email, logger, CancellationToken.None);
        if (summary is null)
        {
            // Lost every race for the request row: its lease finishes the approval (the booking exists).
            return new DecisionOutcome.InProgress();
        }

        LogApproved(logger, requestId, course.Id, place.Reference, summary.PlaceKind!.Value);
        return new DecisionOutcome.Approved(summary);
    }

    public async Task<DecisionOutcome> DeclineAsync(string requestId, string? message, DecisionRoute via, CancellationToken cancellationToken)
    {
        var text = FreeTextRules.Normalise(message);
        if (text is { Length: > MaxDeclineMessageLength } || (text ?? string.Empty).Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return new DecisionOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["message"] = [$"Please keep the message to {MaxDeclineMessageLength} characters of ordinary text."],
            });
        }

        try
        {
            return await contention.ExecuteAsync(async token => await TryDeclineAsync(requestId, text, via, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUpRequest(logger, requestId);
            return new DecisionOutcome.Busy();
        }
    }

    private async Task<DecisionOutcome> TryDeclineAsync(string requestId, string? text, DecisionRoute via, CancellationToken cancellationToken)
    {
        var (request, settled) = await ReadUndecidedAsync(requestId, cancellationToken);
        if (settled is not null)
        {
            return settled;
        }

        var now = time.GetUtcNow();
        var declined = request! with
        {
            Status = FreePlaceStatus.Declined,
            Approving = null,
            DecidedUtc = now,
            DecidedVia = via,
            DeclineMessage = text,
        };

        // Null: it changed since we read it. Read again, and most likely find the decision someone else made.
        var email = await requests.TryReplaceOwingEmailAsync(declined, EmailTemplates.FreePlaceDeclined, now, cancellationToken)
            ?? throw new ConcurrencyConflictException();

        LogDeclined(logger, requestId);
        await emailQueue.EnqueueOrLeaveToSweepAsync(email, logger, CancellationToken.None);
        return new DecisionOutcome.Declined(Summarise(declined, null), text);
    }

    /// <summary>
    /// Reads the request. Returns it when it is still open for a decision, or the outcome to report instead: not found,
    /// already decided, or an approval in progress. An approval whose lease ran out is finished if its booking exists.
    /// </summary>
    private async Task<(FreePlaceRequestRecord? Request, DecisionOutcome? Settled)> ReadUndecidedAsync(string requestId, CancellationToken cancellationToken)
    {
        var request = await requests.FindAsync(requestId, cancellationToken);
        if (request is null)
        {
            return (null, new DecisionOutcome.RequestNotFound());
        }

        switch (request.Status)
        {
            case FreePlaceStatus.Approved or FreePlaceStatus.Declined:
                return (null, new DecisionOutcome.AlreadyDecided(await SummariseAsync(request, cancellationToken)));
            case FreePlaceStatus.Approving when request.Approving is { } hold && hold.UntilUtc > time.GetUtcNow():
                return (null, new DecisionOutcome.InProgress());
            case FreePlaceStatus.Approving when request.Approving is { } hold:
                // The approval that held this stopped part-way (its lease outlives any invocation, so it is not running).
                var pointer = await partitions.FindPointerAsync(hold.CourseId, BookingPointerKey.FreePlaceRequest(requestId), cancellationToken);
                if (pointer is not null)
                {
                    LogRecovered(logger, requestId);
                    var summary = await MarkApprovedAsync(request, hold.CourseId, pointer.Reference, hold.GeneralPlace, hold.Via);
                    await emailQueue.EnqueueOrLeaveToSweepAsync(
                        partitions.EmailMessage(hold.CourseId, pointer.Reference, EmailTemplates.BookingConfirmed), logger, CancellationToken.None);
                    return (null, summary is null ? new DecisionOutcome.InProgress() : new DecisionOutcome.AlreadyDecided(summary));
                }

                return (request, null); // Its booking never happened: the request is open again.
            default:
                return (request, null);
        }
    }

    private async Task<DecisionOutcome> SettledOrInProgressAsync(string requestId, CancellationToken cancellationToken)
    {
        var (_, settled) = await ReadUndecidedAsync(requestId, cancellationToken);
        return settled ?? new DecisionOutcome.InProgress();
    }

    private DecisionOutcome? Refusal(Course course, FreePlaceRequestRecord request, bool useGeneralPlace)
    {
        switch (CourseAdmission.Check(course, request.BabyDateOfBirth, time.GetUtcNow(), AdmissionAudience.Owner))
        {
            case AdmissionRefusal.NotBookable notBookable:
                return new DecisionOutcome.CourseNotBookable(course.Title, notBookable.Message);
            case AdmissionRefusal.WrongAge wrongAge:
                return new DecisionOutcome.Invalid(new Dictionary<string, string[]> { ["courseId"] = [wrongAge.Message] });
        }

        return useGeneralPlace switch
        {
            false when course.FreePlacesLeft == 0 => new DecisionOutcome.NoFreePlacesLeft(course.Title, course.GeneralSpacesLeft),
            true when course.GeneralSpacesLeft == 0 => new DecisionOutcome.NoGeneralPlacesLeft(course.Title),
            _ => null,
        };
    }

    /// <summary>Step 2: one transaction in the course's partition, retried on a lost race for the course row.</summary>
    private async Task<TakePlaceResult> TakePlaceAsync(FreePlaceRequestRecord request, string courseId, bool useGeneralPlace, CancellationToken cancellationToken)
    {
        try
        {
            return await contention.ExecuteAsync(async token => await TryTakePlaceAsync(request, courseId, useGeneralPlace, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            return new TakePlaceResult.Refused(new DecisionOutcome.Busy());
        }
    }

    private async Task<TakePlaceResult> TryTakePlaceAsync(FreePlaceRequestRecord request, string courseId, bool useGeneralPlace, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(courseId, cancellationToken)
            ?? throw new InvalidOperationException("A course that was read a moment ago has gone.");
        var course = snapshot.Course;
        if (Refusal(course, request, useGeneralPlace) is { } refusal)
        {
            return new TakePlaceResult.Refused(refusal);
        }

        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        if (useGeneralPlace)
        {
            changes.TakeGeneralPlace();
        }
        else
        {
            changes.TakeFreePlace();
        }

        var reference = BookingReference.New();
        var familyPointer = BookingPointerKey.Family(hasher, request.Email, request.BabyFirstName);
        var requestPointer = BookingPointerKey.FreePlaceRequest(request.Id);
        changes.AddBooking(new Booking
        {
            Reference = reference,
            Status = BookingStatus.Confirmed,
            IsFreePlace = true,
            ParentName = request.ParentName,
            Email = request.Email,
            Phone = request.Phone,
            BabyFirstName = request.BabyFirstName,
            BabyDateOfBirth = request.BabyDateOfBirth,

            // The family agreed to their request being stored when they asked; there was no booking form to accept.
            TermsAcceptedUtc = request.ConsentToStoreUtc,
            CreatedUtc = now,
        });

        changes.AddPointer(requestPointer, reference);
        changes.AddPointer(familyPointer, reference);
        changes.OweEmail(reference, EmailTemplates.BookingConfirmed);
        try
        {
            var emails = await partitions.CommitAsync(changes, cancellationToken);
            return new TakePlaceResult.Booked(reference, emails.Single());
        }
        catch (CourseChangeRejectedException e) when (e.LostRace || (e.AlreadyExists && e.Failed.Kind == CourseRowKind.Booking))
        {
            // Lost race: someone else took a place since we read the course. The booking row: a reference collision.
            // Nothing was written either way; read again and retry.
            throw new ConcurrencyConflictException(e);
        }
        catch (CourseChangeRejectedException e) when (e.AlreadyExists && e.Failed.PointerKey == requestPointer)
        {
            // This request's booking already exists (an earlier attempt got this far): never book it twice.
            var earlier = await partitions.FindPointerAsync(courseId, requestPointer, cancellationToken)
                ?? throw new InvalidOperationException("A pointer that refused an insert could not be read back.", e);
            return new TakePlaceResult.Booked(earlier.Reference, partitions.EmailMessage(courseId, earlier.Reference, EmailTemplates.BookingConfirmed));
        }
        catch (CourseChangeRejectedException e) when (e.AlreadyExists && e.Failed.PointerKey == familyPointer)
        {
            var family = await partitions.FindPointerAsync(courseId, familyPointer, cancellationToken)
                ?? throw new InvalidOperationException("A pointer that refused an insert could not be read back.", e);
            return new TakePlaceResult.Refused(new DecisionOutcome.AlreadyBooked(course.Title, family.Reference));
        }
    }

    /// <summary>
    /// Step 3. The booking exists, so this must end Approved: on a clash, read again and write again. Null when every
    /// attempt lost the race for the request row; the Approving lease then finishes the job.
    /// </summary>
    private async Task<DecisionSummary?> MarkApprovedAsync(FreePlaceRequestRecord request, string courseId, string reference, bool generalPlace, DecisionRoute via)
    {
        var decidedUtc = request.DecidedUtc ?? time.GetUtcNow();
        try
        {
            return await contention.ExecuteAsync(
                async token =>
                {
                    var approved = request with
                    {
                        Status = FreePlaceStatus.Approved,
                        Approving = null,
                        DecidedUtc = decidedUtc,
                        DecidedVia = via,
                        ApprovedCourseId = courseId,
                        BookingReference = reference,
                        PlaceKind = generalPlace ? PlaceKind.General : PlaceKind.Free,
                    };
                    if (await requests.TryReplaceAsync(approved, token) is { } saved)
                    {
                        return await SummariseAsync(saved, token);
                    }

                    var fresh = await requests.FindAsync(request.Id, token)
                        ?? throw new InvalidOperationException("A request being approved has gone.");
                    if (fresh.Status == FreePlaceStatus.Approved)
                    {
                        return await SummariseAsync(fresh, token);
                    }

                    request = fresh;
                    throw new ConcurrencyConflictException();
                },
                CancellationToken.None);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUpRequest(logger, request.Id);
            return null;
        }
    }

    /// <summary>The approval was refused after claiming the request: open it again (or leave it to the lease if that fails).</summary>
    private async Task ReleaseAsync(FreePlaceRequestRecord request)
    {
        if (await requests.TryReplaceAsync(request with { Status = FreePlaceStatus.Pending, Approving = null }, CancellationToken.None) is null)
        {
            LogReleaseLost(logger, request.Id);
        }
    }

    private async Task<DecisionSummary> SummariseAsync(FreePlaceRequestRecord request, CancellationToken cancellationToken)
    {
        var course = request.ApprovedCourseId is { } courseId ? await courses.FindAsync(courseId, cancellationToken) : null;
        return Summarise(request, course?.Title);
    }

    internal static DecisionSummary Summarise(FreePlaceRequestRecord request, string? courseTitle) => new(
        request.Status,
        request.DecidedUtc ?? request.CreatedUtc,
        request.DecidedVia ?? DecisionRoute.Api,
        request.ApprovedCourseId,
        courseTitle,
        request.BookingReference,
        request.PlaceKind);


    private abstract record TakePlaceResult
    {
        public sealed record Booked(string Reference, OutboxMessage Email) : TakePlaceResult;

        public sealed record Refused(DecisionOutcome Outcome) : TakePlaceResult;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Free-place request {RequestId} approved: booking {Reference} on course {CourseId} ({PlaceKind} place)")]
    private static partial void LogApproved(ILogger logger, string requestId, string courseId, string reference, PlaceKind placeKind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Free-place request {RequestId} declined")]
    private static partial void LogDeclined(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Free-place request {RequestId} was left part-way through approval; its booking exists, so it is now marked approved")]
    private static partial void LogRecovered(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reopen free-place request {RequestId} after a refused approval; its lease will")]
    private static partial void LogReleaseLost(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up deciding free-place request {RequestId} after repeated concurrent updates")]
    private static partial void LogGaveUpRequest(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up approving a free place on course {CourseId} after repeated concurrent updates")]
    private static partial void LogGaveUp(ILogger logger, string courseId);

}
