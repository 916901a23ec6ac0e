using HappyBabyHive.Courses;
using HappyBabyHive.Registers;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Registers;

/// <summary>Ticking families off per session: stored on the booking, set rather than flipped, guarded like any course change.</summary>
public sealed class AttendanceServiceTests
{
    // Tuesday 2 February 2027, 10:20 UTC: the first session is under way.
    private static readonly DateTimeOffset Now = new(2027, 2, 2, 10, 20, 0, TimeSpan.Zero);
    private static readonly DateOnly First = new(2027, 2, 2);
    private static readonly DateOnly Second = new(2027, 2, 9);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Course course = SampleCourses.Massage(First);

    public AttendanceServiceTests()
    {
        store.Add(course);
        var snapshot = store.LoadAsync(course.Id, CancellationToken.None).Result!;
        var changes = snapshot.Change(Now.AddDays(-10));
        changes.TakeGeneralPlace();
        changes.AddBooking(Booking("B1", BookingStatus.Confirmed));
        changes.AddBooking(Booking("W1", BookingStatus.Waitlisted) with { WaitlistPosition = changes.JoinWaitlist() });
        store.CommitAsync(changes, CancellationToken.None).Wait();
    }

    private AttendanceService Service(int retries = 4) =>
        new(store, time, TestPipelines.Concurrency(retries), NullLogger<AttendanceService>.Instance);

    private static Booking Booking(string reference, BookingStatus status) => new()
    {
        Reference = reference,
        Status = status,
        ParentName = "Sam Smith",
        Email = "sam@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 11, 20),
        CreatedUtc = Now.AddDays(-10),
    };

    private BookingKey Key(string reference) => new(course.Id, reference);

    private Booking Stored(string reference) => store.FindBookingAsync(course.Id, reference, CancellationToken.None).Result!;

    [Fact]
    public async Task A_tick_is_stored_on_the_booking_by_the_sessions_uk_date_in_date_order()
    {
        Assert.IsType<AttendanceOutcome.Marked>(await Service().MarkAsync(Key("B1"), Second, attended: true, CancellationToken.None));
        var marked = Assert.IsType<AttendanceOutcome.Marked>(await Service().MarkAsync(Key("B1"), First, attended: true, CancellationToken.None));

        Assert.True(marked.Changed);
        Assert.Equal([First, Second], Stored("B1").AttendedSessions);
        Assert.Equal("2027-02-02,2027-02-09", store.Rows<BookingEntity>(course.Id, HappyBabyHive.Storage.RowKeys.BookingPrefix).Single(b => b.Reference == "B1").AttendedSessions);
    }

    [Fact]
    public async Task The_same_tick_twice_writes_once_and_says_nothing_changed()
    {
        await Service().MarkAsync(Key("B1"), First, attended: true, CancellationToken.None);
        var commits = store.Commits;

        var again = Assert.IsType<AttendanceOutcome.Marked>(await Service().MarkAsync(Key("B1"), First, attended: true, CancellationToken.None));

        Assert.False(again.Changed);
        Assert.Equal(commits, store.Commits);
        Assert.Equal([First], Stored("B1").AttendedSessions);
    }

    [Fact]
    public async Task Unticking_removes_only_that_session()
    {
        await Service().MarkAsync(Key("B1"), First, attended: true, CancellationToken.None);
        await Service().MarkAsync(Key("B1"), Second, attended: true, CancellationToken.None);

        var marked = Assert.IsType<AttendanceOutcome.Marked>(await Service().MarkAsync(Key("B1"), First, attended: false, CancellationToken.None));

        Assert.Equal((true, false), (marked.Changed, marked.Attended));
        Assert.Equal([Second], Stored("B1").AttendedSessions);
    }

    [Fact]
    public async Task A_day_with_no_session_is_refused_and_nothing_is_written()
    {
        var commits = store.Commits;

        var outcome = await Service().MarkAsync(Key("B1"), First.AddDays(1), attended: true, CancellationToken.None);

        Assert.Equal(First.AddDays(1), Assert.IsType<AttendanceOutcome.NotASession>(outcome).Session);
        Assert.Equal(commits, store.Commits);
    }

    [Fact]
    public async Task A_family_without_a_place_cannot_be_ticked()
    {
        Assert.IsType<AttendanceOutcome.NotBooked>(await Service().MarkAsync(Key("W1"), First, attended: true, CancellationToken.None));
        Assert.Empty(Stored("W1").AttendedSessions);
    }

    [Theory]
    [InlineData("massage-test", "NOPE")]
    [InlineData("no-such-course", "B1")]
    [InlineData("massage-test", "bad/ref")]
    public async Task An_unknown_booking_or_course_is_not_found(string courseId, string reference)
    {
        Assert.IsType<AttendanceOutcome.NotFound>(await Service().MarkAsync(new BookingKey(courseId, reference), First, attended: true, CancellationToken.None));
    }

    [Fact]
    public async Task A_tick_that_loses_a_race_reads_again_and_keeps_the_other_change()
    {
        var raced = false;
        store.BeforeCommit = () =>
        {
            if (!raced)
            {
                raced = true;
                store.ChangeElsewhere(course.Id, c => c.GeneralPlacesTaken++);
            }

            return Task.CompletedTask;
        };

        Assert.IsType<AttendanceOutcome.Marked>(await Service().MarkAsync(Key("B1"), First, attended: true, CancellationToken.None));

        Assert.Equal([First], Stored("B1").AttendedSessions);
        Assert.Equal(2, store.Course(course.Id).GeneralPlacesTaken);
    }

    [Fact]
    public async Task When_every_retry_loses_it_is_busy_and_nothing_is_written()
    {
        store.BeforeCommit = () =>
        {
            store.ChangeElsewhere(course.Id, c => c.WaitlistCount++);
            return Task.CompletedTask;
        };

        Assert.IsType<AttendanceOutcome.Busy>(await Service(retries: 2).MarkAsync(Key("B1"), First, attended: true, CancellationToken.None));
        Assert.Empty(Stored("B1").AttendedSessions);
    }

    [Fact]
    public void Session_dates_are_uk_dates_even_when_the_utc_date_differs()
    {
        // 00:30 UK in summer is 23:30 UTC the day before.
        var late = SampleCourses.Massage(new DateOnly(2027, 7, 6)) with
        {
            Sessions = [new CourseSession(new DateTimeOffset(2027, 7, 5, 23, 30, 0, TimeSpan.Zero), new DateTimeOffset(2027, 7, 6, 0, 30, 0, TimeSpan.Zero))],
        };

        Assert.Equal([new DateOnly(2027, 7, 6)], AttendanceService.SessionDates(late));
    }
}
