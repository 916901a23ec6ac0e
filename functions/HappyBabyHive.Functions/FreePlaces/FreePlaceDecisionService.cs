using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

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
    TableServiceClient tables,
    IEmailEnqueuer emailQueue,
    IOptions<StorageOptions> storage,
    IOptions<FreePlaceOptions> options,
    TimeProvider time,
    ILogger<FreePlaceDecisionService> logger) : IFreePlaceDecisionService
{
    public const int MaxDeclineMessageLength = 1000;

    private readonly ResiliencePipeline contention = ConcurrencyRetry.Create(time);

    private TableClient Requests => tables.GetTableClient(storage.Value.FreePlaceRequestsTable);
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);

    public async Task<DecisionOutcome> ApproveAsync(string requestId, string? courseId, bool useGeneralPlace, DecisionRoute via, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(courseId))
        {
            return new DecisionOutcome.Invalid(new Dictionary<string, string[]> { ["courseId"] = ["Please choose the course to give the place on."] });
        }

        var (request, settled) = await ReadUndecidedAsync(requestId, cancellationToken);
        if (settled is not null)
        {
            return settled;
        }

        var courseRow = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        if (!courseRow.HasValue)
        {
            return new DecisionOutcome.CourseNotFound(courseId!);
        }

        // Cheap checks before claiming the request; the course transaction checks places again under its ETag.
        var course = courseRow.Value!.ToCourse();
        if (Refusal(course, request!, useGeneralPlace) is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        request!.Status = nameof(FreePlaceStatus.Approving);
        request.ApprovingUntilUtc = now + options.Value.ApprovalLease;
        request.ApprovingCourseId = course.Id;
        request.ApprovingGeneralPlace = useGeneralPlace;
        request.ApprovingVia = via.ToString();
        try
        {
            request.ETag = (await Requests.UpdateEntityAsync(request, request.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone else decided or started deciding since we read it.
            return await SettledOrInProgressAsync(requestId, cancellationToken);
        }

        // From here the request is ours until the lease runs out: finish (or undo) whatever the caller does next,
        // so a closed browser tab can't leave it half done.
        var booked = await TakePlaceAsync(request, course.Id, useGeneralPlace, CancellationToken.None);
        if (booked is not TakePlaceResult.Booked place)
        {
            await ReleaseAsync(request);
            return ((TakePlaceResult.Refused)booked).Outcome;
        }

        var summary = await MarkApprovedAsync(request, course.Id, place.Reference, useGeneralPlace, via);
        LogApproved(logger, requestId, course.Id, place.Reference, summary.PlaceKind!.Value);
        await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, course.Id, RowKeys.Outbox(place.Reference, EmailTemplates.BookingConfirmed)), logger, CancellationToken.None);
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

        for (var attempt = 0; ; attempt++)
        {
            var (request, settled) = await ReadUndecidedAsync(requestId, cancellationToken);
            if (settled is not null)
            {
                return settled;
            }

            var now = time.GetUtcNow();
            ClearApproving(request!);
            request!.Status = nameof(FreePlaceStatus.Declined);
            request.DecidedUtc = now;
            request.DecidedVia = via.ToString();
            request.DeclineMessage = text;
            request.HasNote = request.Note is not null || text is not null;
            var outbox = OutboxEntity.Create(
                requestId, RowKeys.Outbox(requestId, EmailTemplates.FreePlaceDeclined), EmailTemplates.FreePlaceDeclined, FreePlaceKeys.RequestRow, now, BookingService.OutboxGracePeriod);
            try
            {
                await Requests.SubmitTransactionAsync(
                    [new(TableTransactionActionType.UpdateReplace, request, request.ETag), new(TableTransactionActionType.Add, outbox)],
                    cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < 3)
            {
                continue; // It changed since we read it: read again, and most likely find the decision someone else made.
            }

            LogDeclined(logger, requestId);
            await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.FreePlaceRequests, requestId, outbox.RowKey), logger, CancellationToken.None);
            return new DecisionOutcome.Declined(Summarise(request, null), text);
        }
    }

    /// <summary>
    /// Reads the request. Returns it when it is still open for a decision, or the outcome to report instead: not found,
    /// already decided, or an approval in progress. An approval whose lease ran out is finished if its booking exists.
    /// </summary>
    private async Task<(FreePlaceRequestEntity? Request, DecisionOutcome? Settled)> ReadUndecidedAsync(string requestId, CancellationToken cancellationToken)
    {
        var found = FreePlaceKeys.IsRequestId(requestId)
            ? await Requests.GetEntityIfExistsAsync<FreePlaceRequestEntity>(requestId, FreePlaceKeys.RequestRow, cancellationToken: cancellationToken)
            : null;
        if (found is null || !found.HasValue)
        {
            return (null, new DecisionOutcome.RequestNotFound());
        }

        var request = found.Value!;
        switch (request.RequestStatus)
        {
            case FreePlaceStatus.Approved or FreePlaceStatus.Declined:
                return (null, new DecisionOutcome.AlreadyDecided(await SummariseAsync(request, cancellationToken)));
            case FreePlaceStatus.Approving when request.ApprovingUntilUtc > time.GetUtcNow():
                return (null, new DecisionOutcome.InProgress());
            case FreePlaceStatus.Approving:
                // The approval that held this stopped part-way (its lease outlives any invocation, so it is not running).
                var pointer = await Bookings.GetEntityIfExistsAsync<BookingPointerEntity>(
                    request.ApprovingCourseId, FreePlaceKeys.CoursePointer(requestId), cancellationToken: cancellationToken);
                if (pointer.HasValue)
                {
                    LogRecovered(logger, requestId);
                    var summary = await MarkApprovedAsync(
                        request, request.ApprovingCourseId!, pointer.Value!.Reference, request.ApprovingGeneralPlace, Enum.Parse<DecisionRoute>(request.ApprovingVia!));
                    await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, request.ApprovingCourseId!, RowKeys.Outbox(pointer.Value.Reference, EmailTemplates.BookingConfirmed)), logger, CancellationToken.None);
                    return (null, new DecisionOutcome.AlreadyDecided(summary));
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

    private DecisionOutcome? Refusal(Course course, FreePlaceRequestEntity request, bool useGeneralPlace)
    {
        if (course.Status != CourseStatus.Open || !course.IsBookable(time.GetUtcNow()))
        {
            return new DecisionOutcome.CourseNotBookable(course.Title, course.Status switch
            {
                CourseStatus.Cancelled => "This course has been cancelled.",
                CourseStatus.Closed => "This course is closed to new bookings.",
                _ => "This course has already started.",
            });
        }

        if (!course.BabyAge.Contains(request.BabyDateOfBirthDate, course.FirstSessionUkDate))
        {
            var weeks = (course.FirstSessionUkDate.DayNumber - request.BabyDateOfBirthDate.DayNumber) / 7;
            return new DecisionOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["courseId"] = [$"The baby would be {weeks} weeks old at the first session, and {course.Title} is for babies aged {course.BabyAge.Description}."],
            });
        }

        return useGeneralPlace switch
        {
            false when course.FreePlacesLeft == 0 => new DecisionOutcome.NoFreePlacesLeft(course.Title, course.GeneralSpacesLeft),
            true when course.GeneralSpacesLeft == 0 => new DecisionOutcome.NoGeneralPlacesLeft(course.Title),
            _ => null,
        };
    }

    /// <summary>Step 2: one transaction in the course's partition, retried on a lost race for the course row.</summary>
    private async Task<TakePlaceResult> TakePlaceAsync(FreePlaceRequestEntity request, string courseId, bool useGeneralPlace, CancellationToken cancellationToken)
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

    private async Task<TakePlaceResult> TryTakePlaceAsync(FreePlaceRequestEntity request, string courseId, bool useGeneralPlace, CancellationToken cancellationToken)
    {
        var courseEntity = (await Bookings.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken)).Value;
        var course = courseEntity.ToCourse();
        if (Refusal(course, request, useGeneralPlace) is { } refusal)
        {
            return new TakePlaceResult.Refused(refusal);
        }

        if (useGeneralPlace)
        {
            courseEntity.GeneralPlacesTaken++;
        }
        else
        {
            courseEntity.FreePlacesTaken++;
        }

        var now = time.GetUtcNow();
        var reference = BookingReference.New();
        var bookingRow = RowKeys.Booking(reference);
        var familyRow = RowKeys.Family(request.Email, request.BabyFirstName);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, courseEntity, courseEntity.ETag),
            new(TableTransactionActionType.Add, new BookingEntity
            {
                PartitionKey = courseId,
                RowKey = bookingRow,
                Reference = reference,
                Status = nameof(BookingStatus.Confirmed),
                IsFreePlace = true,
                ParentName = request.ParentName,
                Email = request.Email,
                Phone = request.Phone,
                BabyFirstName = request.BabyFirstName,
                BabyDateOfBirth = request.BabyDateOfBirth,

                // The family agreed to their request being stored when they asked; there was no booking form to accept.
                TermsAcceptedUtc = request.ConsentToStoreUtc,
                CreatedUtc = now,
            }),
            new(TableTransactionActionType.Add, new BookingPointerEntity { PartitionKey = courseId, RowKey = FreePlaceKeys.CoursePointer(request.PartitionKey), Reference = reference }),
            new(TableTransactionActionType.Add, new BookingPointerEntity { PartitionKey = courseId, RowKey = familyRow, Reference = reference }),
            new(TableTransactionActionType.Add, OutboxEntity.Create(
                courseId, RowKeys.Outbox(reference, EmailTemplates.BookingConfirmed), EmailTemplates.BookingConfirmed, bookingRow, now, BookingService.OutboxGracePeriod)),
        };

        try
        {
            await Bookings.SubmitTransactionAsync(actions, cancellationToken);
            return new TakePlaceResult.Booked(reference);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412 || (e.Status == 409 && e.FailedTransactionActionIndex == 1))
        {
            // 412: someone else took a place since we read the course. 409 on the booking: a reference collision.
            // Nothing was written either way; read again and retry.
            throw new ConcurrencyConflictException();
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 2)
        {
            // This request's booking already exists (an earlier attempt got this far): never book it twice.
            var pointer = await Bookings.GetEntityAsync<BookingPointerEntity>(courseId, FreePlaceKeys.CoursePointer(request.PartitionKey), cancellationToken: cancellationToken);
            return new TakePlaceResult.Booked(pointer.Value.Reference);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 3)
        {
            var family = await Bookings.GetEntityAsync<BookingPointerEntity>(courseId, familyRow, cancellationToken: cancellationToken);
            return new TakePlaceResult.Refused(new DecisionOutcome.AlreadyBooked(course.Title, family.Value.Reference));
        }
    }

    /// <summary>Step 3. The booking exists, so this must end Approved: on a clash, read again and write again.</summary>
    private async Task<DecisionSummary> MarkApprovedAsync(FreePlaceRequestEntity request, string courseId, string reference, bool generalPlace, DecisionRoute via)
    {
        for (var attempt = 0; ; attempt++)
        {
            ClearApproving(request);
            request.Status = nameof(FreePlaceStatus.Approved);
            request.DecidedUtc ??= time.GetUtcNow();
            request.DecidedVia = via.ToString();
            request.ApprovedCourseId = courseId;
            request.BookingReference = reference;
            request.PlaceKind = (generalPlace ? PlaceKind.General : PlaceKind.Free).ToString();
            try
            {
                await Requests.UpdateEntityAsync(request, request.ETag, TableUpdateMode.Replace, CancellationToken.None);
                return await SummariseAsync(request, CancellationToken.None);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                var fresh = (await Requests.GetEntityAsync<FreePlaceRequestEntity>(request.PartitionKey, FreePlaceKeys.RequestRow, cancellationToken: CancellationToken.None)).Value;
                if (fresh.RequestStatus == FreePlaceStatus.Approved)
                {
                    return await SummariseAsync(fresh, CancellationToken.None);
                }

                fresh.DecidedUtc = request.DecidedUtc;
                request = fresh;
            }
        }
    }

    /// <summary>The approval was refused after claiming the request: open it again (or leave it to the lease if that fails).</summary>
    private async Task ReleaseAsync(FreePlaceRequestEntity request)
    {
        ClearApproving(request);
        request.Status = nameof(FreePlaceStatus.Pending);
        try
        {
            await Requests.UpdateEntityAsync(request, request.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            LogReleaseLost(logger, request.PartitionKey);
        }
    }

    private static void ClearApproving(FreePlaceRequestEntity request)
    {
        request.ApprovingUntilUtc = null;
        request.ApprovingCourseId = null;
        request.ApprovingGeneralPlace = false;
        request.ApprovingVia = null;
    }

    private async Task<DecisionSummary> SummariseAsync(FreePlaceRequestEntity request, CancellationToken cancellationToken)
    {
        string? title = null;
        if (request.ApprovedCourseId is { } courseId)
        {
            var course = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, select: [nameof(CourseEntity.Title)], cancellationToken: cancellationToken);
            title = course.HasValue ? course.Value!.Title : null;
        }

        return Summarise(request, title);
    }

    internal static DecisionSummary Summarise(FreePlaceRequestEntity request, string? courseTitle) => new(
        request.RequestStatus,
        request.DecidedUtc ?? request.CreatedUtc,
        Enum.TryParse<DecisionRoute>(request.DecidedVia, out var via) ? via : DecisionRoute.Api,
        request.ApprovedCourseId,
        courseTitle,
        request.BookingReference,
        Enum.TryParse<PlaceKind>(request.PlaceKind, out var kind) ? kind : null);


    private abstract record TakePlaceResult
    {
        public sealed record Booked(string Reference) : TakePlaceResult;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up approving a free place on course {CourseId} after repeated concurrent updates")]
    private static partial void LogGaveUp(ILogger logger, string courseId);

}
