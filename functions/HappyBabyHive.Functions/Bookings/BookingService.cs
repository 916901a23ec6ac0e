using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FluentValidation;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace HappyBabyHive.Bookings;

public interface IBookingService
{
    Task<BookingOutcome> BookAsync(BookingRequest request, string? idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// Takes a place on a course. The course row (with its counters), the booking, the family and idempotency pointers
/// and the owed email are written in one Table transaction guarded by the course row's ETag, so places can never be
/// oversold and a stored booking always has its email record. A lost race (412) re-reads and tries again.
/// </summary>
public sealed partial class BookingService(
    TableServiceClient tables,
    IEmailEnqueuer emailQueue,
    IValidator<BookingRequest> validator,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<BookingService> logger) : IBookingService
{
    /// <summary>How long the outbox waits for the queue before the sweep assumes the message was lost.</summary>
    internal static readonly TimeSpan OutboxGracePeriod = TimeSpan.FromMinutes(10);

    private readonly ResiliencePipeline contention = ConcurrencyRetry.Create(time);

    private TableClient Table => tables.GetTableClient(storage.Value.BookingsTable);

    public async Task<BookingOutcome> BookAsync(BookingRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.LeaveThisEmpty))
        {
            LogHoneypot(logger);
            return new BookingOutcome.Ignored();
        }

        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return new BookingOutcome.Invalid(validation.ToFieldErrors());
        }

        var booking = Normalise(request);
        var courseRow = await Table.GetEntityIfExistsAsync<CourseEntity>(booking.CourseId, RowKeys.Course, cancellationToken: cancellationToken);
        if (!courseRow.HasValue)
        {
            return new BookingOutcome.CourseNotFound(booking.CourseId);
        }

        var course = courseRow.Value!.ToCourse();
        if (NotBookableReason(course) is { } reason)
        {
            return new BookingOutcome.CourseNotBookable(reason);
        }

        if (!course.BabyAge.Contains(booking.BabyDateOfBirth, course.FirstSessionUkDate))
        {
            return new BookingOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["babyDateOfBirth"] = [AgeMessage(course, booking.BabyDateOfBirth)],
            });
        }

        var requestHash = RowKeys.Hash(JsonSerializer.Serialize(booking));
        var idempotencyRow = string.IsNullOrWhiteSpace(idempotencyKey) ? null : RowKeys.Idempotency(idempotencyKey.Trim());
        var familyRow = RowKeys.Family(booking.Email, booking.BabyFirstName);

        if (await FindEarlierBookingAsync(booking.CourseId, idempotencyRow, familyRow, requestHash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        try
        {
            return await contention.ExecuteAsync(
                async token => await TryCommitAsync(booking, idempotencyRow, familyRow, requestHash, token),
                cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new BookingOutcome.Busy();
        }
    }

    private async Task<BookingOutcome> TryCommitAsync(
        NormalisedBooking booking, string? idempotencyRow, string familyRow, string requestHash, CancellationToken cancellationToken)
    {
        var courseEntity = (await Table.GetEntityAsync<CourseEntity>(booking.CourseId, RowKeys.Course, cancellationToken: cancellationToken)).Value;
        var course = courseEntity.ToCourse();
        if (NotBookableReason(course) is { } reason)
        {
            return new BookingOutcome.CourseNotBookable(reason);
        }

        var now = time.GetUtcNow();
        var confirmed = course.GeneralSpacesLeft > 0;
        int? waitlistPosition = confirmed ? null : course.WaitlistCount + 1;
        if (confirmed)
        {
            courseEntity.GeneralPlacesTaken++;
        }
        else
        {
            courseEntity.WaitlistCount++;
        }

        var reference = BookingReference.New();
        var bookingRow = RowKeys.Booking(reference);
        var template = confirmed ? EmailTemplates.BookingConfirmed : EmailTemplates.BookingWaitlisted;
        var outbox = OutboxEntity.Create(booking.CourseId, RowKeys.Outbox(reference, template), template, bookingRow, now, OutboxGracePeriod);

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, courseEntity, courseEntity.ETag),
            new(TableTransactionActionType.Add, new BookingEntity
            {
                PartitionKey = booking.CourseId,
                RowKey = bookingRow,
                Reference = reference,
                Status = (confirmed ? BookingStatus.Confirmed : BookingStatus.Waitlisted).ToString(),
                WaitlistPosition = waitlistPosition,
                ParentName = booking.ParentName,
                Email = booking.Email,
                Phone = booking.Phone,
                BabyFirstName = booking.BabyFirstName,
                BabyDateOfBirth = booking.BabyDateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                TermsAcceptedUtc = now,
                WellbeingTipsOptIn = booking.WellbeingTipsOptIn,
                WellbeingTipsOptInUtc = booking.WellbeingTipsOptIn ? now : null,
                WellbeingTipsConsentVersion = booking.WellbeingTipsOptIn ? WellbeingTips.ConsentWording.Version : null,
                CreatedUtc = now,
            }),
            new(TableTransactionActionType.Add, new BookingPointerEntity { PartitionKey = booking.CourseId, RowKey = familyRow, Reference = reference }),
            new(TableTransactionActionType.Add, outbox),
        };
        if (idempotencyRow is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new BookingPointerEntity
            {
                PartitionKey = booking.CourseId,
                RowKey = idempotencyRow,
                Reference = reference,
                RequestHash = requestHash,
            }));
        }

        // The tips box starts the same double opt-in as the tips form: the confirm email is owed in this very
        // transaction, so a crash after booking can't lose it (the outbox sweep sends it).
        var tipsOptIn = booking.WellbeingTipsOptIn
            ? OutboxEntity.Create(booking.CourseId, RowKeys.Outbox(reference, EmailTemplates.TipsOptInFromBooking), EmailTemplates.TipsOptInFromBooking, bookingRow, now, OutboxGracePeriod)
            : null;
        if (tipsOptIn is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, tipsOptIn));
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412 || (e.Status == 409 && e.FailedTransactionActionIndex == 1))
        {
            // 412: someone else changed the course row since we read it. 409 on the booking row: a reference collision.
            // Either way nothing was written; read again and retry.
            StorageRequestMetrics.TransactionConflict();
            throw new ConcurrencyConflictException();
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // The family or idempotency pointer appeared since we checked: a parallel duplicate won. Return its booking.
            return await FindEarlierBookingAsync(booking.CourseId, idempotencyRow, familyRow, requestHash, cancellationToken)
                ?? throw new ConcurrencyConflictException();
        }

        LogBooked(logger, booking.CourseId, reference, confirmed ? BookingStatus.Confirmed : BookingStatus.Waitlisted);
        await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, outbox.PartitionKey, outbox.RowKey), logger, cancellationToken);
        if (tipsOptIn is not null)
        {
            await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, tipsOptIn.PartitionKey, tipsOptIn.RowKey), logger, cancellationToken);
        }

        return new BookingOutcome.Created(new BookingReceipt(
            reference,
            confirmed ? BookingStatus.Confirmed : BookingStatus.Waitlisted,
            waitlistPosition,
            course.Id,
            course.Title));
    }

    private async Task<BookingOutcome?> FindEarlierBookingAsync(
        string courseId, string? idempotencyRow, string familyRow, string requestHash, CancellationToken cancellationToken)
    {
        if (idempotencyRow is not null)
        {
            var byKey = await Table.GetEntityIfExistsAsync<BookingPointerEntity>(courseId, idempotencyRow, cancellationToken: cancellationToken);
            if (byKey.HasValue)
            {
                return byKey.Value!.RequestHash == requestHash
                    ? await ReplayAsync(courseId, byKey.Value.Reference, cancellationToken)
                    : new BookingOutcome.IdempotencyKeyReused();
            }
        }

        var byFamily = await Table.GetEntityIfExistsAsync<BookingPointerEntity>(courseId, familyRow, cancellationToken: cancellationToken);
        return byFamily.HasValue ? await ReplayAsync(courseId, byFamily.Value!.Reference, cancellationToken) : null;
    }

    private async Task<BookingOutcome> ReplayAsync(string courseId, string reference, CancellationToken cancellationToken)
    {
        var booking = (await Table.GetEntityAsync<BookingEntity>(courseId, RowKeys.Booking(reference), cancellationToken: cancellationToken)).Value;
        var course = (await Table.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken)).Value;
        return new BookingOutcome.Replayed(new BookingReceipt(reference, booking.BookingStatus, booking.WaitlistPosition, courseId, course.Title));
    }


    private string? NotBookableReason(Course course) => course switch
    {
        { Status: CourseStatus.Cancelled } => "This course has been cancelled, so it can't be booked.",
        { Status: CourseStatus.Closed } => "This course is closed to new bookings.",
        _ when !course.IsBookable(time.GetUtcNow()) => "This course has already started, so it can't be booked. Please choose a later course.",
        _ => null,
    };

    private static string AgeMessage(Course course, DateOnly dateOfBirth)
    {
        var ageWeeks = (course.FirstSessionUkDate.DayNumber - dateOfBirth.DayNumber) / 7;
        var firstSession = course.FirstSessionUkDate.ToString("dddd d MMMM", Time.UkDateFormat.Culture);
        return $"Your baby would be {ageWeeks} weeks old at the first session on {firstSession}. " +
            $"This course is for babies aged {course.BabyAge.Description}. Please choose another course, or get in touch and we'll help you find one.";
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
            request.WellbeingTipsOptIn);
    }

    private sealed record NormalisedBooking(
        string CourseId, string ParentName, string Email, string? Phone, string BabyFirstName, DateOnly BabyDateOfBirth, bool WellbeingTipsOptIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {Reference} on course {CourseId} stored as {Status}")]
    private static partial void LogBooked(ILogger logger, string courseId, string reference, BookingStatus status);


    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up booking course {CourseId} after repeated concurrent updates")]
    private static partial void LogGaveUp(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a booking whose honeypot field was filled in")]
    private static partial void LogHoneypot(ILogger logger);
}

