using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Reminders;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Reminders;

/// <summary>Which reminders are owed, when, and to whom, on an in-memory course partition with a fake clock.</summary>
public sealed class ReminderServiceTests
{
    private readonly CountingPartitions partitions = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly ReminderOptions options = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly List<string> courseIds = [];

    private ReminderService Service() => new(
        Courses(),
        partitions,
        queue.Object,
        Options.Create(options),
        time,
        TestPipelines.Concurrency(),
        NullLogger<ReminderService>.Instance);

    /// <summary>The course store over the same in-memory partitions: the upcoming list as the real index answers it.</summary>
    private ICourseStore Courses()
    {
        var courses = new Mock<ICourseStore>();
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DateTimeOffset since, CancellationToken _) => courseIds
                .Select(partitions.Store.Course)
                .Where(c => c.FirstSessionStartsUtc > since)
                .OrderBy(c => c.FirstSessionStartsUtc)
                .ToList());
        return courses.Object;
    }

    /// <summary>A course with one family (R1, R2, ...) for each of <paramref name="statuses"/>, all booked 20 days before it starts.</summary>
    private async Task<Course> CourseAsync(DateOnly firstDate, string id, params BookingStatus[] statuses)
    {
        var course = SampleCourses.Massage(firstDate, id);
        partitions.Store.Add(course);
        courseIds.Add(id);
        var snapshot = (await partitions.Store.LoadAsync(id, CancellationToken.None))!;
        var changes = snapshot.Change(time.GetUtcNow());
        for (var i = 0; i < statuses.Length; i++)
        {
            changes.AddBooking(Booking($"R{i + 1}", statuses[i], course.FirstSessionStartsUtc.AddDays(-20)));
        }

        await partitions.Store.CommitAsync(changes, CancellationToken.None);
        return course;
    }

    private async Task AddBookingAsync(string courseId, Booking booking)
    {
        var snapshot = (await partitions.Store.LoadAsync(courseId, CancellationToken.None))!;
        var changes = snapshot.Change(time.GetUtcNow());
        changes.AddBooking(booking);
        await partitions.Store.CommitAsync(changes, CancellationToken.None);
    }

    private static Booking Booking(string reference, BookingStatus status, DateTimeOffset createdUtc) => new()
    {
        Reference = reference,
        Status = status,
        ParentName = "Sam Smith",
        Email = $"{reference.ToLowerInvariant()}@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 11, 20),
        CreatedUtc = createdUtc,
        OfferedUtc = status == BookingStatus.Offered ? createdUtc.AddDays(1) : null,
    };

    /// <summary>The reminders owed on a course, as "reference|template".</summary>
    private List<string> Owed(string courseId) =>
        partitions.Store.Rows<OutboxEntity>(courseId, RowKeys.OutboxPrefix)
            .Where(o => ReminderTemplates.IsReminder(o.Template))
            .Select(o => o.RowKey[RowKeys.OutboxPrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    private void At(DateTimeOffset instant) => time.SetUtcNow(instant);

    private static DateTimeOffset Uk(int year, int month, int day, int hour, int minute = 0) =>
        UkTime.FromUkLocal(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Fact]
    public async Task Across_the_spring_change_the_reminder_is_owed_at_ten_UK_time_two_days_before_not_at_47_or_48_elapsed_hours()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 29), "spring", BookingStatus.Confirmed); // Monday 10:00 BST
        var service = Service();

        At(Uk(2027, 3, 27, 9, 59)); // Saturday, GMT: a minute early
        Assert.Equal(0, await service.OweDueRemindersAsync(CancellationToken.None));
        Assert.Empty(Owed(course.Id));

        At(Uk(2027, 3, 27, 10)); // Saturday 10:00 GMT, 47 elapsed hours before
        Assert.Equal(1, await service.OweDueRemindersAsync(CancellationToken.None));
        Assert.Equal(["R1|reminder-20270329T0900Z"], Owed(course.Id));
    }

    [Fact]
    public async Task Across_the_autumn_change_the_reminder_is_owed_at_ten_UK_time_two_days_before_49_elapsed_hours()
    {
        var course = await CourseAsync(new DateOnly(2027, 11, 1), "autumn", BookingStatus.Confirmed); // Monday 10:00 GMT
        var service = Service();

        At(Uk(2027, 10, 30, 9, 59)); // Saturday, BST
        Assert.Equal(0, await service.OweDueRemindersAsync(CancellationToken.None));

        At(Uk(2027, 10, 30, 10)); // 09:00 UTC, 49 elapsed hours before
        Assert.Equal(1, await service.OweDueRemindersAsync(CancellationToken.None));
        Assert.Equal(["R1|reminder-20271101T1000Z"], Owed(course.Id));
    }

    [Fact]
    public async Task Each_booked_family_is_owed_one_reminder_however_many_runs_and_new_messages_only_for_what_is_unsent()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "massage", BookingStatus.Confirmed, BookingStatus.Confirmed);
        var service = Service();
        At(Uk(2027, 3, 14, 10, 5));

        await service.OweDueRemindersAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(15));
        await service.OweDueRemindersAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(20)); // a run much later, still before the session
        await service.OweDueRemindersAsync(CancellationToken.None);

        Assert.Equal(["R1|reminder-20270316T1000Z", "R2|reminder-20270316T1000Z"], Owed(course.Id));

        // A row still unsent is enqueued again (its message may have been lost); the outbox sends each row once.
        var rows = partitions.Store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix);
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Pending, r.OutboxStatus));
        queue.Verify(q => q.EnqueueAsync(It.Is<OutboxMessage>(m => m.PartitionKey == course.Id), null, It.IsAny<CancellationToken>()), Times.Exactly(6));
    }

    [Fact]
    public async Task Only_confirmed_families_are_reminded_never_cancelled_waiting_or_offered_ones()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "mixed",
            BookingStatus.Confirmed, BookingStatus.Cancelled, BookingStatus.Waitlisted, BookingStatus.Offered, BookingStatus.Confirmed);
        At(Uk(2027, 3, 14, 12));

        Assert.Equal(2, await Service().OweDueRemindersAsync(CancellationToken.None));

        Assert.Equal(["R1|reminder-20270316T1000Z", "R5|reminder-20270316T1000Z"], Owed(course.Id));
    }

    [Fact]
    public async Task A_family_who_booked_after_the_reminder_time_has_their_confirmation_and_gets_no_reminder()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "late", BookingStatus.Confirmed);
        await AddBookingAsync(course.Id, Booking("LATE", BookingStatus.Confirmed, Uk(2027, 3, 14, 10, 1)));
        await AddBookingAsync(course.Id, Booking("CLAIMED", BookingStatus.Confirmed, Uk(2027, 3, 1, 9)) with { OfferedUtc = Uk(2027, 3, 15, 8) });
        At(Uk(2027, 3, 15, 9));

        await Service().OweDueRemindersAsync(CancellationToken.None);

        Assert.Equal(["R1|reminder-20270316T1000Z"], Owed(course.Id));
    }

    [Fact]
    public async Task Missed_runs_catch_up_before_the_session_but_never_remind_of_a_session_that_has_started()
    {
        var caughtUp = await CourseAsync(new DateOnly(2027, 3, 16), "caught-up", BookingStatus.Confirmed);
        var started = await CourseAsync(new DateOnly(2027, 3, 15), "started", BookingStatus.Confirmed); // Monday 10:00
        At(Uk(2027, 3, 16, 9, 59)); // the app was down from Saturday until a minute before Tuesday's session

        Assert.Equal(1, await Service().OweDueRemindersAsync(CancellationToken.None));

        Assert.Single(Owed(caughtUp.Id));
        Assert.Empty(Owed(started.Id));
    }

    [Fact]
    public async Task With_each_session_every_later_session_is_reminded_a_day_before_and_missed_ones_are_not_sent_late()
    {
        options.EachSession = true;
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "weekly", BookingStatus.Confirmed);
        var service = Service();

        At(Uk(2027, 3, 14, 10));
        await service.OweDueRemindersAsync(CancellationToken.None);
        At(Uk(2027, 3, 29, 10)); // Monday 10:00 BST: session 3 (Tuesday 30 March) is due; session 2 (23 March) is over
        await service.OweDueRemindersAsync(CancellationToken.None);

        Assert.Equal(["R1|reminder-20270316T1000Z", "R1|reminder-20270330T0900Z"], Owed(course.Id));
    }

    [Fact]
    public async Task A_cancelled_course_is_reminded_of_nothing()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "cancelled", BookingStatus.Confirmed);
        partitions.Store.ChangeElsewhere(course.Id, c => c.Status = nameof(CourseStatus.Cancelled));
        At(Uk(2027, 3, 15, 10));

        Assert.Equal(0, await Service().OweDueRemindersAsync(CancellationToken.None));
        Assert.Equal(0, partitions.BookingReads);
    }

    [Fact]
    public async Task Bookings_are_read_only_for_a_course_with_a_reminder_due()
    {
        await CourseAsync(new DateOnly(2027, 3, 16), "due", BookingStatus.Confirmed);
        await CourseAsync(new DateOnly(2027, 3, 23), "next-week", BookingStatus.Confirmed);
        await CourseAsync(new DateOnly(2027, 5, 4), "in-may", BookingStatus.Confirmed);
        At(Uk(2027, 3, 14, 11));

        await Service().OweDueRemindersAsync(CancellationToken.None);

        Assert.Equal(["due"], partitions.BookingReadsOf);
    }

    [Fact]
    public async Task Rows_another_run_wrote_at_the_same_moment_are_read_again_and_only_the_missing_are_written()
    {
        var course = await CourseAsync(new DateOnly(2027, 3, 16), "raced", BookingStatus.Confirmed, BookingStatus.Confirmed);
        At(Uk(2027, 3, 14, 10));
        partitions.RaceOnce = async () =>
        {
            // The other instance writes R1's row just before this one tries to.
            var r1 = (await partitions.Store.FindBookingAsync(course.Id, "R1", CancellationToken.None))!;
            await partitions.Store.OweEmailToEachAsync(course.Id, [r1], ReminderTemplates.For(course.FirstSessionStartsUtc), time.GetUtcNow(), CancellationToken.None);
            throw new CourseChangeRejectedException(new CourseRow(CourseRowKind.Outbox, "R1"), CourseChangeRefusal.AlreadyExists, new InvalidOperationException("409"));
        };

        Assert.Equal(2, await Service().OweDueRemindersAsync(CancellationToken.None));

        Assert.Equal(["R1|reminder-20270316T1000Z", "R2|reminder-20270316T1000Z"], Owed(course.Id));
        Assert.Equal(2, partitions.BookingReadsOf.Count);
    }

    [Fact]
    public async Task The_dashboard_count_is_the_reminders_falling_due_in_the_window_to_the_families_booked_now()
    {
        options.EachSession = true;
        await CourseAsync(new DateOnly(2027, 3, 16), "five", BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Waitlisted);
        await CourseAsync(new DateOnly(2027, 3, 19), "friday", BookingStatus.Confirmed, BookingStatus.Cancelled);
        await CourseAsync(new DateOnly(2027, 4, 30), "later", BookingStatus.Confirmed);
        var from = Uk(2027, 3, 13, 9);

        // Within a week: "five" session 1 (14 March) and 2 (22 March is outside), "friday" session 1 (17 March).
        var count = await Service().CountDueAsync(from, from.AddDays(7), CancellationToken.None);

        Assert.Equal(3, count);
        Assert.Equal(1, await Service().CountDueAsync(Uk(2027, 4, 13, 11), Uk(2027, 4, 20, 11), CancellationToken.None)); // "friday" session 5
        Assert.Equal(0, await Service().CountDueAsync(Uk(2027, 4, 17, 11), Uk(2027, 4, 24, 11), CancellationToken.None));
    }

    /// <summary>The in-memory partitions, counting booking reads and able to lose one race on owing emails.</summary>
    private sealed class CountingPartitions : ICoursePartitionStore
    {
        public InMemoryCoursePartitionStore Store { get; } = new();

        public List<string> BookingReadsOf { get; } = [];

        public int BookingReads => BookingReadsOf.Count;

        public Func<Task>? RaceOnce { get; set; }

        public Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken)
        {
            BookingReadsOf.Add(courseId);
            return Store.ListBookingsAsync(courseId, createdSinceUtc, cancellationToken);
        }

        public async Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(
            string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (RaceOnce is { } race)
            {
                RaceOnce = null;
                await race();
            }

            return await Store.OweEmailToEachAsync(courseId, bookings, emailTemplate, now, cancellationToken);
        }

        public Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken) => Store.LoadAsync(courseId, cancellationToken);

        public Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken) => Store.LoadWaitlistAsync(snapshot, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken) => Store.CommitAsync(changes, cancellationToken);

        public BookingKey? BookingOwed(OwedEmail owed) => Store.BookingOwed(owed);

        public OutboxMessage EmailMessage(string courseId, string reference, string emailTemplate) => Store.EmailMessage(courseId, reference, emailTemplate);

        public Task<IReadOnlyList<BookingKey>> FindPaymentHoldsEndedAsync(DateTimeOffset endedBy, CancellationToken cancellationToken) => Store.FindPaymentHoldsEndedAsync(endedBy, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindArrivalsHeldSinceAsync(DateTimeOffset heldBefore, CancellationToken cancellationToken) => Store.FindArrivalsHeldSinceAsync(heldBefore, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindRefundsOutstandingAsync(CancellationToken cancellationToken) => Store.FindRefundsOutstandingAsync(cancellationToken);

        public Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken) => Store.FindBookingAsync(courseId, reference, cancellationToken);

        public Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken) => Store.LoadBookingAsync(snapshot, reference, cancellationToken);

        public Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken) => Store.FindLapsedOffersAsync(now, cancellationToken);

        public Task<BookingPointer?> FindPointerAsync(string courseId, BookingPointerKey key, CancellationToken cancellationToken) => Store.FindPointerAsync(courseId, key, cancellationToken);
    }
}
