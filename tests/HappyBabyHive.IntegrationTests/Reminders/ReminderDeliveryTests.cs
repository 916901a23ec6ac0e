using HappyBabyHive.Bookings;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Reminders;
using HappyBabyHive.Storage;
using HappyBabyHive.Time;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Polly.Registry;

namespace HappyBabyHive.IntegrationTests.Reminders;

/// <summary>
/// Reminders on Azurite and maildev, on a fake clock: owed through the outbox once per booking and session whatever
/// runs and races, skipped for a booking cancelled before it was sent, at 10:00 UK time two days before a 10:00
/// session across both clock changes.
/// </summary>
public sealed class ReminderDeliveryTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string ReminderSubject = "See you soon: ";

    private static DateTimeOffset Uk(int year, int month, int day, int hour, int minute = 0) =>
        UkTime.FromUkLocal(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    private static Task<AppServices> CreateAsync(EmulatorFixture emulators, FakeTimeProvider clock) =>
        AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));

            // The app's retry backs off on the app's clock, which only moves when the test moves it: no backoff here.
            services.Replace(ServiceDescriptor.Singleton<ResiliencePipelineProvider<string>>(TestPipelines.Concurrency(20)));
        });

    private static async Task<(Course Course, List<(string Email, string Reference)> Families)> CourseWithFamiliesAsync(AppServices app, DateOnly firstDate, int families)
    {
        var course = SampleCourses.Massage(firstDate, "reminders-" + Guid.NewGuid().ToString("N")[..8], capacity: 10, freePlaces: 0);
        Assert.True(await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        var booked = new List<(string, string)>();
        for (var i = 0; i < families; i++)
        {
            var email = TestBookings.UniqueEmail("reminded");
            var outcome = await app.Get<IBookingService>().BookAsync(TestBookings.For(course, email), null, CancellationToken.None);
            booked.Add((email, Assert.IsType<BookingOutcome.Created>(outcome).Receipt.Reference));
        }

        await TestFreePlaces.DeliverQueuedEmailsAsync(app); // the confirmations
        return (course, booked);
    }

    [Fact]
    public async Task Two_instances_racing_then_two_more_timer_runs_send_each_family_one_reminder()
    {
        var clock = new FakeTimeProvider(Uk(2027, 6, 1, 9));
        await using var app = await CreateAsync(emulators, clock);
        var (course, families) = await CourseWithFamiliesAsync(app, new DateOnly(2027, 6, 15), families: 3);
        clock.SetUtcNow(Uk(2027, 6, 13, 10)); // Sunday 10:00, 48 hours before Tuesday's 10:00 session

        // Two instances owe the same reminders at the same moment: the outbox rows' keys let only one write each.
        var instances = new IReminderService[] { app.Get<IReminderService>(), ActivatorUtilities.CreateInstance<ReminderService>(app.Provider) };
        await Task.WhenAll(instances.Select(i => Task.Run(() => i.OweDueRemindersAsync(CancellationToken.None))));
        var timer = new ReminderTimer(app.Get<IReminderService>());
        clock.Advance(TimeSpan.FromMinutes(15));
        await timer.SendSessionReminders(new TimerInfo(), CancellationToken.None);

        Assert.Equal(3, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        // Once sent, a later run owes and enqueues nothing.
        clock.Advance(TimeSpan.FromMinutes(15));
        await timer.SendSessionReminders(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        var template = ReminderTemplates.For(course.FirstSessionStartsUtc);
        var rows = await OutboxRowsAsync(app, course.Id, template);
        Assert.Equal(families.Select(f => RowKeys.Outbox(f.Reference, template)).Order(StringComparer.Ordinal), rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(nameof(OutboxStatus.Sent), r.Status));
        foreach (var (email, reference) in families)
        {
            var inbox = await emulators.Maildev.WaitForAsync(email, count: 2);
            var reminder = Assert.Single(inbox, e => e.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal));
            Assert.Equal("See you soon: Baby Massage for Little Ones starts Tuesday 15 June 2027 at 10:00", reminder.Subject);
            Assert.Contains("Tuesday 15 June 2027, 10:00–11:00", reminder.Text, StringComparison.Ordinal);
            Assert.Contains(reference, reminder.Text, StringComparison.Ordinal);
            Assert.Contains("/api/manage-booking?token=", reminder.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_booking_cancelled_before_or_after_its_reminder_was_owed_is_sent_no_reminder()
    {
        var clock = new FakeTimeProvider(Uk(2027, 6, 1, 9));
        await using var app = await CreateAsync(emulators, clock);
        var (course, families) = await CourseWithFamiliesAsync(app, new DateOnly(2027, 6, 15), families: 3);
        var (stays, cancelledAfter, cancelledBefore) = (families[0], families[1], families[2]);
        await CancelAsync(app, course.Id, cancelledBefore.Reference, clock.GetUtcNow());

        clock.SetUtcNow(Uk(2027, 6, 13, 10, 5));
        Assert.Equal(2, await app.Get<IReminderService>().OweDueRemindersAsync(CancellationToken.None));

        // The owner cancels one of them after the reminder was owed, before the outbox got to it.
        await CancelAsync(app, course.Id, cancelledAfter.Reference, clock.GetUtcNow());
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        var template = ReminderTemplates.For(course.FirstSessionStartsUtc);
        var rows = (await OutboxRowsAsync(app, course.Id, template)).ToDictionary(r => r.RowKey, r => r.Status);
        Assert.Equal(
            new Dictionary<string, string>
            {
                [RowKeys.Outbox(stays.Reference, template)] = nameof(OutboxStatus.Sent),
                [RowKeys.Outbox(cancelledAfter.Reference, template)] = nameof(OutboxStatus.Skipped),
            },
            rows);
        Assert.Single(await emulators.Maildev.WaitForAsync(stays.Email, count: 2), e => e.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal));
        foreach (var cancelled in new[] { cancelledAfter, cancelledBefore })
        {
            Assert.DoesNotContain(await emulators.Maildev.ToAsync(cancelled.Email), e => e.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal));
        }
    }

    /// <summary>2027: the clocks go forward on Sunday 28 March and back on Sunday 31 October, between the reminder and a Monday session.</summary>
    [Theory]
    [InlineData(3, 29, "Monday 29 March 2027, 10:00–11:00", 10)] // reminder Saturday 10:00 GMT = 10:00 UTC, 47 hours before
    [InlineData(11, 1, "Monday 1 November 2027, 10:00–11:00", 9)] // reminder Saturday 10:00 BST = 09:00 UTC, 49 hours before
    public async Task Across_a_clock_change_the_reminder_goes_at_ten_UK_time_two_days_before(int month, int day, string sessionLine, int dueUtcHour)
    {
        var session = new DateOnly(2027, month, day);
        var saturday = session.AddDays(-2);
        var clock = new FakeTimeProvider(Uk(2027, month, day, 9).AddDays(-14));
        await using var app = await CreateAsync(emulators, clock);
        var (_, families) = await CourseWithFamiliesAsync(app, session, families: 1);
        var reminders = app.Get<IReminderService>();

        clock.SetUtcNow(new DateTimeOffset(saturday.Year, saturday.Month, saturday.Day, dueUtcHour, 0, 0, TimeSpan.Zero).AddMinutes(-1));
        Assert.Equal(0, await reminders.OweDueRemindersAsync(CancellationToken.None));
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("10:00", UkDateFormat.Clock(clock.GetUtcNow()));
        Assert.Equal(1, await reminders.OweDueRemindersAsync(CancellationToken.None));
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        var reminder = Assert.Single(await emulators.Maildev.WaitForAsync(families[0].Email, count: 2), e => e.Subject.StartsWith(ReminderSubject, StringComparison.Ordinal));
        Assert.Contains(sessionLine, reminder.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Marks a booking cancelled in its row, as BookingChangeService's cancel leaves it. Not through that service yet:
    /// on lead15, TableCoursePartitionStore.LoadBookingAsync refuses every real reference ("K7M3-Q9XP" fails the
    /// lower-case TableKeys.IsValid), so a cancel finds no booking. Switch to IBookingChangeService once that is fixed.
    /// </summary>
    private static async Task CancelAsync(AppServices app, string courseId, string reference, DateTimeOffset now)
    {
        var booking = (await app.BookingsTable.GetEntityAsync<BookingEntity>(courseId, RowKeys.Booking(reference))).Value;
        booking.Status = nameof(BookingStatus.Cancelled);
        booking.CancelledUtc = now;
        booking.CancellationReason = nameof(CancellationReason.ByOwner);
        await app.BookingsTable.UpdateEntityAsync(booking, booking.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
    }

    private static async Task<List<OutboxEntity>> OutboxRowsAsync(AppServices app, string courseId, string template)
    {
        var rows = new List<OutboxEntity>();
        await foreach (var row in app.BookingsTable.QueryAsync<OutboxEntity>(e => e.PartitionKey == courseId && e.Template == template))
        {
            rows.Add(row);
        }

        return rows;
    }
}
