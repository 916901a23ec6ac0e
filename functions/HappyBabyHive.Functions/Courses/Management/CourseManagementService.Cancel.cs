using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// Cancelling runs in two steps. (1) The course row is marked Cancelled with its ETag, so booking stops at once: every
/// booking and free-place approval rewrites that row, so none can land after it. (2) Every booked, free-place and
/// waitlisted family gets an outbox row for the cancellation email, in transactions of up to 100 in the course's
/// partition. Step 2 writes only the rows still missing, so calling again after a crash half way finishes the job, and
/// the outbox sends each email once.
/// </summary>
public sealed partial class CourseManagementService
{
    public const int MaxCancellationMessageLength = 1000;

    public async Task<CourseCancelOutcome> CancelAsync(string courseId, string? messageToFamilies, CancellationToken cancellationToken)
    {
        var message = FreeTextRules.Normalise(messageToFamilies);
        if (message is { Length: > MaxCancellationMessageLength } || (message ?? string.Empty).Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return new CourseCancelOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["message"] = [$"Please keep the message to {MaxCancellationMessageLength} characters of ordinary text."],
            });
        }

        if (!TableKeys.IsValid(courseId))
        {
            return new CourseCancelOutcome.NotFound();
        }

        CourseCancelOutcome? refused;
        Course? course;
        try
        {
            (course, refused) = await contention.ExecuteAsync(async token => await MarkCancelledAsync(courseId, message, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            return new CourseCancelOutcome.Busy();
        }

        if (refused is not null)
        {
            return refused;
        }

        // From here the course is cancelled whatever the caller does, so owe every email even if they go away.
        var families = await OweCancellationEmailsAsync(courseId, CancellationToken.None);
        LogCancelled(logger, courseId, families);
        return new CourseCancelOutcome.Cancelled(course!, families);
    }

    private async Task<(Course? Course, CourseCancelOutcome? Refused)> MarkCancelledAsync(string courseId, string? message, CancellationToken cancellationToken)
    {
        var row = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return (null, new CourseCancelOutcome.NotFound());
        }

        var entity = row.Value!;
        if (entity.Status == nameof(CourseStatus.Cancelled))
        {
            return (entity.ToCourse(), null); // Cancelled before: finish the job, keeping the first message.
        }

        if (entity.ToCourse().LastSessionEndsUtc <= time.GetUtcNow())
        {
            return (null, new CourseCancelOutcome.Conflict("This course has already finished, so there is nothing to cancel and no one is emailed."));
        }

        entity.Status = nameof(CourseStatus.Cancelled);
        entity.CancelledUtc = time.GetUtcNow();
        entity.CancellationMessage = message;
        try
        {
            await Bookings.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new ConcurrencyConflictException();
        }

        return (entity.ToCourse(), null);
    }

    /// <summary>Writes the cancellation email's outbox row for every family that doesn't have one yet; returns how many families are owed one in all.</summary>
    private async Task<int> OweCancellationEmailsAsync(string courseId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var families = await FamiliesToTellAsync(courseId, cancellationToken);
            var owed = await CancellationEmailsAsync(courseId, cancellationToken);
            var now = time.GetUtcNow();
            var missing = families
                .Where(b => !owed.ContainsKey(RowKeys.Outbox(b.Reference, EmailTemplates.CourseCancelled)))
                .Select(b => OutboxEntity.Create(courseId, RowKeys.Outbox(b.Reference, EmailTemplates.CourseCancelled), EmailTemplates.CourseCancelled, b.RowKey, now, BookingService.OutboxGracePeriod))
                .ToList();

            var clashed = false;
            foreach (var batch in missing.Chunk(MaxTransactionActions))
            {
                try
                {
                    await Bookings.SubmitTransactionAsync(batch.Select(o => new TableTransactionAction(TableTransactionActionType.Add, o)), cancellationToken);
                }
                catch (TableTransactionFailedException e) when (e.Status == 409 && attempt < 5)
                {
                    // Another cancellation of the same course wrote some of these at the same moment: read again.
                    clashed = true;
                    break;
                }

                foreach (var outbox in batch)
                {
                    await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, courseId, outbox.RowKey), logger, cancellationToken);
                }
            }

            if (clashed)
            {
                continue;
            }

            // Rows an earlier, interrupted run wrote may never have reached the queue: send them now rather than
            // waiting for the sweep. A message for an email already sent or being sent is harmless (the outbox checks).
            foreach (var pending in owed.Values.Where(o => o.OutboxStatus == OutboxStatus.Pending))
            {
                await emailQueue.EnqueueOrLeaveToSweepAsync(new OutboxMessage(TableNames.Bookings, courseId, pending.RowKey), logger, cancellationToken);
            }

            return families.Count;
        }
    }

    /// <summary>Everyone booked (paid or free place) or waiting.</summary>
    private async Task<List<BookingEntity>> FamiliesToTellAsync(string courseId, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var families = new List<BookingEntity>();
        await foreach (var booking in Bookings.QueryAsync<BookingEntity>(
            b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0,
            cancellationToken: cancellationToken))
        {
            if (booking.Status is nameof(BookingStatus.Confirmed) or nameof(BookingStatus.Waitlisted))
            {
                families.Add(booking);
            }
        }

        return families;
    }

    private async Task<Dictionary<string, OutboxEntity>> CancellationEmailsAsync(string courseId, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(RowKeys.OutboxPrefix);
        var owed = new Dictionary<string, OutboxEntity>(StringComparer.Ordinal);
        await foreach (var outbox in Bookings.QueryAsync<OutboxEntity>(
            o => o.PartitionKey == courseId && o.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && o.RowKey.CompareTo(end) < 0 && o.Template == EmailTemplates.CourseCancelled,
            cancellationToken: cancellationToken))
        {
            owed[outbox.RowKey] = outbox;
        }

        return owed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} cancelled; {Families} families are owed a cancellation email")]
    private static partial void LogCancelled(ILogger logger, string courseId, int families);
}
