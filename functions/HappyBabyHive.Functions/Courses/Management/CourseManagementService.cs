using FluentValidation;
using HappyBabyHive.Bookings;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Outbox;
using HappyBabyHive.Settings;
using HappyBabyHive.Storage;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Time;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// The owner's changes to courses. Every change to a course row is a read-modify-write guarded by its ETag, the same
/// row every booking rewrites, so an edit and a booking can never both win: the loser re-reads and tries again (and
/// an edit re-checks "never below the places taken" against what it re-read).
/// </summary>
public sealed partial class CourseManagementService(
    ICourseStore courses,
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    IValidator<CourseDetails> validator,
    IBusinessSettingsStore settings,
    IWaitlistPlaceOffers offers,
    Refunds.IRefundRequests refunds,
    Refunds.ICheckoutExpiry checkoutExpiry,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<CourseManagementService> logger) : ICourseManagementService
{
    private readonly ResiliencePipeline contention = pipelines.Get();


    public Task<IReadOnlyList<Course>> ListAsync(CancellationToken cancellationToken) => courses.ListAllAsync(cancellationToken);

    public async Task<CourseChangeOutcome> CreateAsync(CourseDetails details, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(CourseDetailsValidator.ForNew(details), cancellationToken);
        if (!validation.IsValid)
        {
            return new CourseChangeOutcome.Invalid(validation.ToFieldErrors());
        }

        var course = await AddWithFreeIdAsync(ParsedCourseDetails.From(details), CourseCreationKey.From(details.RequestKey), cancellationToken);
        LogCreated(logger, course.Id);
        return new CourseChangeOutcome.Created(course);
    }

    public async Task<CourseChangeOutcome> DuplicateToNextMonthAsync(string courseId, CancellationToken cancellationToken)
    {
        var original = await courses.FindAsync(courseId, cancellationToken);
        if (original is null)
        {
            return new CourseChangeOutcome.NotFound();
        }

        var firstDate = CourseSchedule.SameWeekdayNextMonth(original.FirstSessionUkDate);
        if (firstDate < UkTime.Today(time))
        {
            return new CourseChangeOutcome.Conflict(
                $"A copy for the month after this course would start on {firstDate.ToString("dddd d MMMM yyyy", UkDateFormat.Culture)}, which has passed. Please add a new course instead.");
        }

        // Skipped weeks were for that month's bank holidays, so the copy runs its sessions back to back.
        var details = CourseDetails.From(original) with
        {
            FirstSessionDate = firstDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            SkipDates = [],
        };
        var validation = await validator.ValidateAsync(CourseDetailsValidator.ForNew(details), cancellationToken);
        if (!validation.IsValid)
        {
            return new CourseChangeOutcome.Invalid(validation.ToFieldErrors());
        }

        // Pressing Duplicate twice (a double tap, a resent form) makes one copy: a second copy of the same course for the
        // same month is never what she meant. A cancelled copy doesn't count, so she can make it again.
        var copy = await AddWithFreeIdAsync(ParsedCourseDetails.From(details), CourseCreationKey.CopyOf(courseId), cancellationToken);
        LogDuplicated(logger, courseId, copy.Id);
        return new CourseChangeOutcome.Created(copy);
    }

    public async Task<CourseChangeOutcome> UpdateAsync(string courseId, CourseDetails details, CancellationToken cancellationToken)
    {
        var current = await courses.FindAsync(courseId, cancellationToken);
        if (current is null)
        {
            return new CourseChangeOutcome.NotFound();
        }

        var validation = await validator.ValidateAsync(CourseDetailsValidator.ForEdit(details, current.FirstSessionUkDate), cancellationToken);
        if (!validation.IsValid)
        {
            return new CourseChangeOutcome.Invalid(validation.ToFieldErrors());
        }

        if (current.Status == CourseStatus.Cancelled)
        {
            return CancelledCourse();
        }

        // Read once, outside the retried change: the owner's choice doesn't change between two attempts.
        var fill = (await settings.GetAsync(cancellationToken)).WaitlistFill;
        var parsed = ParsedCourseDetails.From(details);
        var newFirstStartsUtc = parsed.Sessions[0].StartsUtc;
        var datesChange = newFirstStartsUtc != current.FirstSessionStartsUtc;
        if (datesChange)
        {
            // The new index row goes in before the course changes, so the course is never missing from the public
            // list; until the old row is removed below, readers ignore whichever row doesn't match the course.
            await courses.IndexAsync(courseId, newFirstStartsUtc, cancellationToken);
        }

        CourseChangeOutcome outcome;
        try
        {
            outcome = await contention.ExecuteAsync(async token => await TryUpdateAsync(courseId, parsed, fill, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            outcome = new CourseChangeOutcome.Busy();
        }

        if (datesChange)
        {
            await courses.TidyIndexAsync(courseId, CancellationToken.None);
        }

        return outcome;
    }

    private async Task<CourseChangeOutcome> TryUpdateAsync(string courseId, ParsedCourseDetails parsed, WaitlistFill fill, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(courseId, cancellationToken)
            ?? throw new InvalidOperationException("A course that was read a moment ago has gone.");
        var before = snapshot.Course;
        if (before.Status == CourseStatus.Cancelled)
        {
            return CancelledCourse();
        }

        if (PlaceErrors(before, parsed) is { Count: > 0 } errors)
        {
            return new CourseChangeOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        changes.SetDetails(parsed.ToCourse(courseId));
        var (promoted, offered) = (0, 0);
        if (fill == WaitlistFill.BookStraightIn)
        {
            var promotion = await WaitlistPromotion.PlanAsync(partitions, snapshot, changes, now, cancellationToken);
            if (!changes.Fits(0))
            {
                return new CourseChangeOutcome.Conflict(
                    $"{promotion.Waiting} families are on the waitlist, too many to move up in one change. Nothing was changed; please add places a few at a time.");
            }

            promoted = promotion.Promoted.Count;
        }
        else if (changes.Course is { WaitlistCount: > 0, GeneralSpacesLeft: > 0 } view && view.IsBookable(now))
        {
            // Only when the edit left places for the waiting families, so an ordinary edit doesn't read the waitlist.
            // The offers stop short of the transaction's row limit; any place left over is offered when one lapses.
            offered = await offers.OfferFreePlacesAsync(snapshot, changes, now, cancellationToken);
        }

        IReadOnlyList<OutboxMessage> emails;
        try
        {
            emails = await partitions.CommitAsync(changes, cancellationToken);
        }
        catch (CourseChangeRejectedException e)
        {
            // A booking (or another edit) changed the course or its waitlist since we read them; nothing was written.
            throw new ConcurrencyConflictException(e);
        }

        LogUpdated(logger, courseId, promoted, offered);
        foreach (var email in emails)
        {
            await emailQueue.EnqueueOrLeaveToSweepAsync(email, logger, cancellationToken);
        }

        return new CourseChangeOutcome.Updated(changes.Course, promoted) { OfferedToWaitlist = offered };
    }

    /// <summary>Capacity and free places can never drop below the places already taken.</summary>
    internal static Dictionary<string, string[]> PlaceErrors(Course course, ParsedCourseDetails parsed)
    {
        var errors = new Dictionary<string, string[]>();
        var taken = course.GeneralPlacesTaken + course.FreePlacesTaken;
        if (parsed.Capacity < taken)
        {
            errors["capacity"] = [$"{Families(taken)} already booked on this course, so the capacity can't be less than {taken}."];
        }

        if (parsed.FreePlaces < course.FreePlacesTaken)
        {
            errors["freePlaces"] = [$"{Places(course.FreePlacesTaken, "free place")} already been given, so you can't set aside fewer than {course.FreePlacesTaken}."];
        }
        else if (!errors.ContainsKey("capacity") && parsed.Capacity - parsed.FreePlaces < course.GeneralPlacesTaken)
        {
            errors["freePlaces"] = [
                $"{Families(course.GeneralPlacesTaken)} already booked the places that aren't set aside, so with a capacity of {parsed.Capacity} " +
                $"you can set aside at most {parsed.Capacity - course.GeneralPlacesTaken} free places."];
        }

        return errors;

        static string Families(int n) => n == 1 ? "1 family has" : $"{n} families have";
        static string Places(int n, string noun) => n == 1 ? $"1 {noun} has" : $"{n} {noun}s have";
    }

    /// <summary>
    /// Adds the course under the first free readable id. An id already taken by a course added with the same creation
    /// key means this is a repeat of that request (or its twin racing it), so that course is the answer: the ids are
    /// tried in the same order every time, so a repeat always meets its original before any free id.
    /// </summary>
    private async Task<Course> AddWithFreeIdAsync(ParsedCourseDetails parsed, string? creationKey, CancellationToken cancellationToken)
    {
        foreach (var id in CourseIds.Candidates(CourseIds.For(parsed.Kind, parsed.Venue, parsed.FirstSessionDate)).Take(100))
        {
            var course = parsed.ToCourse(id) with { CreationKey = creationKey };
            if (await courses.TryAddAsync(course, cancellationToken))
            {
                return course;
            }

            if (creationKey is not null &&
                await courses.FindAsync(id, cancellationToken) is { Status: not CourseStatus.Cancelled } existing &&
                string.Equals(existing.CreationKey, creationKey, StringComparison.Ordinal))
            {
                LogRepeated(logger, id);
                return existing;
            }
        }

        throw new InvalidOperationException("A hundred courses already share this kind, town and date.");
    }

    private static CourseChangeOutcome.Conflict CancelledCourse() =>
        new("This course has been cancelled, so it can't be changed. You can duplicate it to put it on again.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} was asked for again with the same key; nothing new added")]
    private static partial void LogRepeated(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} created")]
    private static partial void LogCreated(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} duplicated as {CopyId}")]
    private static partial void LogDuplicated(ILogger logger, string courseId, string copyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} updated; {Promoted} families moved up from the waitlist, {Offered} offered a place")]
    private static partial void LogUpdated(ILogger logger, string courseId, int promoted, int offered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up changing course {CourseId} after repeated concurrent updates")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
