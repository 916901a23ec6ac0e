using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Courses;

public sealed class CourseCancellationTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string CancelledSubject = "Sorry, Baby Massage for Little Ones has been cancelled";

    [Fact]
    public async Task Cancelling_emails_every_family_once_even_after_a_crash_half_way_and_two_more_runs()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 3, freePlaces: 1));
        var paid = new[] { TestCourses.Unique("paid1"), TestCourses.Unique("paid2") };
        var waiting = TestCourses.Unique("waiting");
        var references = await TestCourses.BookAsync(app, course, [.. paid, waiting]);
        var freeFamily = TestCourses.Unique("free");
        var request = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course, freeFamily));
        Assert.IsType<DecisionOutcome.Approved>(await app.Get<IFreePlaceDecisionService>().ApproveAsync(request, course.Id, false, DecisionRoute.Api, CancellationToken.None));
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        // A crash half way: the course was marked cancelled and one family's email row written, then the process died.
        var stored = await TestCourses.StoredAsync(app, course.Id);
        stored.Status = nameof(CourseStatus.Cancelled);
        stored.CancellationMessage = "I'm unwell & can't run it <sorry>.";
        await app.BookingsTable.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace);
        await app.BookingsTable.AddEntityAsync(OutboxEntity.Create(
            course.Id, RowKeys.Outbox(references[0], EmailTemplates.CourseCancelled), EmailTemplates.CourseCancelled, RowKeys.Booking(references[0]), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10)));

        var service = app.Get<ICourseManagementService>();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => service.CancelAsync(course.Id, "A different message", CancellationToken.None))));
        var again = await service.CancelAsync(course.Id, null, CancellationToken.None);

        Assert.All(outcomes.Append(again), o => Assert.Equal(4, Assert.IsType<CourseCancelOutcome.Cancelled>(o).FamiliesEmailed));
        Assert.Equal(4, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        foreach (var family in new[] { paid[0], paid[1], waiting, freeFamily })
        {
            var email = Assert.Single(await emulators.Maildev.WaitForAsync(family), e => e.Subject == CancelledSubject);
            Assert.Contains("I'm unwell & can't run it <sorry>.", email.Text, StringComparison.Ordinal);
            HostileHtml.AssertOnlyText(email.Html!, "I'm unwell & can't run it <sorry>.");
        }

        // Card payments are off here, so a fee-paying place is owed by bank transfer and nothing had been paid yet (#16).
        Assert.Contains("You hadn't paid for the place yet, so there is nothing to pay.", Assert.Single(await emulators.Maildev.ToAsync(paid[1]), e => e.Subject == CancelledSubject).Text, StringComparison.Ordinal);
        Assert.Contains("free place, so there is nothing to pay", Assert.Single(await emulators.Maildev.ToAsync(freeFamily), e => e.Subject == CancelledSubject).Text, StringComparison.Ordinal);
        Assert.Contains("on the waitlist", Assert.Single(await emulators.Maildev.ToAsync(waiting), e => e.Subject == CancelledSubject).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_course_takes_no_more_bookings_or_approvals_and_skips_confirmations_not_yet_sent()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details());
        var other = await TestCourses.CreateAsync(app, TestCourses.Details(venue: "Community Hall, Hull"));
        var family = TestCourses.Unique("late");
        await TestCourses.BookAsync(app, course, [family]);
        var request = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));

        var cancelled = Assert.IsType<CourseCancelOutcome.Cancelled>(await app.Get<ICourseManagementService>().CancelAsync(course.Id, null, CancellationToken.None));

        Assert.Equal(CourseStatus.Cancelled, cancelled.Course.Status);
        Assert.IsType<BookingOutcome.CourseNotBookable>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None));
        Assert.IsType<DecisionOutcome.CourseNotBookable>(await app.Get<IFreePlaceDecisionService>().ApproveAsync(request, course.Id, false, DecisionRoute.Api, CancellationToken.None));
        Assert.IsType<CourseChangeOutcome.Conflict>(await app.Get<ICourseManagementService>().UpdateAsync(course.Id, TestCourses.Details(), CancellationToken.None));
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);
        var inbox = await emulators.Maildev.WaitForAsync(family);
        var email = Assert.Single(inbox);
        Assert.Equal(CancelledSubject, email.Subject);
        Assert.Contains(other.Title, email.Text, StringComparison.Ordinal);
        Assert.Contains("Community Hall, Hull", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_is_too_long_is_refused_before_anything_changes()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details());

        var outcome = await app.Get<ICourseManagementService>().CancelAsync(course.Id, new string('a', 1001), CancellationToken.None);

        Assert.Equal(["message"], Assert.IsType<CourseCancelOutcome.Invalid>(outcome).Errors.Keys);
        Assert.Equal(nameof(CourseStatus.Open), (await TestCourses.StoredAsync(app, course.Id)).Status);
        Assert.IsType<CourseCancelOutcome.NotFound>(await app.Get<ICourseManagementService>().CancelAsync("no-such-course", null, CancellationToken.None));
    }
}
