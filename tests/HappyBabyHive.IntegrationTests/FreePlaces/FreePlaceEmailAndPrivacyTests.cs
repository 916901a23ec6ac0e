using Azure.Data.Tables;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.FreePlaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.FreePlaces;

public sealed class FreePlaceEmailAndPrivacyTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string Owner = "owner@happybabyhive.test";

    [Fact]
    public async Task A_request_stores_its_two_emails_with_it_and_neither_contains_the_note()
    {
        var owner = $"owner-{Guid.NewGuid():N}@happybabyhive.test";
        await using var app = await AppServices.CreateAsync(emulators, settings: s => s["Business:OwnerEmail"] = owner);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var request = TestFreePlaces.For(course);

        var id = await TestFreePlaces.SubmitAsync(app, request);

        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        var family = Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));
        var toOwner = Assert.Single(await emulators.Maildev.WaitForAsync(owner));
        Assert.Contains(id, family.Text, StringComparison.Ordinal);
        Assert.Contains("/api/free-place-review?token=", toOwner.Text, StringComparison.Ordinal);
        Assert.Contains("Jo Bloggs", toOwner.Subject, StringComparison.Ordinal);
        foreach (var email in new[] { family, toOwner })
        {
            Assert.DoesNotContain("PRIVATE-NOTE", email.Text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(email.Html));
            Assert.DoesNotContain("PRIVATE-NOTE", email.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nothing_is_stored_when_a_request_is_refused()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var service = app.Get<IFreePlaceRequestService>();

        Assert.IsType<FreePlaceRequestOutcome.Invalid>(await service.SubmitAsync(TestFreePlaces.For(course) with { ConsentToStore = false }, null, CancellationToken.None));
        Assert.IsType<FreePlaceRequestOutcome.CourseNotFound>(await service.SubmitAsync(TestFreePlaces.For(course, courseId: "no-such-course"), null, CancellationToken.None));
        Assert.IsType<FreePlaceRequestOutcome.Ignored>(await service.SubmitAsync(TestFreePlaces.For(course) with { LeaveThisEmpty = "bot" }, null, CancellationToken.None));

        Assert.Empty(await app.Get<IFreePlaceRequestStore>().ListAsync(null, CancellationToken.None));
        Assert.Null((await app.EmailQueue.ReceiveMessageAsync()).Value);
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_back_the_first_request()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var service = app.Get<IFreePlaceRequestService>();
        var request = TestFreePlaces.For(course, courseId: FreePlaceRequestValidator.AnyCourse);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => service.SubmitAsync(request, "key-abc", CancellationToken.None))));
        var different = await service.SubmitAsync(request with { BabyFirstName = "Bo" }, "key-abc", CancellationToken.None);

        Assert.Single(outcomes, o => o is FreePlaceRequestOutcome.Created);
        Assert.Equal(2, outcomes.Count(o => o is FreePlaceRequestOutcome.Replayed));
        Assert.IsType<FreePlaceRequestOutcome.IdempotencyKeyReused>(different);
        var stored = Assert.Single(await app.Get<IFreePlaceRequestStore>().ListAsync(FreePlaceStatus.Pending, CancellationToken.None));
        Assert.Null(stored.PreferredCourseId);
    }

    [Fact]
    public async Task Approval_sends_the_free_place_confirmation_and_decline_sends_a_gentle_reply_without_the_note()
    {
        await using var app = await AppServices.CreateAsync(emulators, settings: s => s["FreePlaces:DeclineSignposting"] = "SIGNPOST: call your health visitor.");
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var approvedFamily = TestFreePlaces.For(course);
        var declinedFamily = TestFreePlaces.For(course);
        var approvedId = await TestFreePlaces.SubmitAsync(app, approvedFamily);
        var declinedId = await TestFreePlaces.SubmitAsync(app, declinedFamily);
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);
        var decisions = app.Get<IFreePlaceDecisionService>();

        var approved = Assert.IsType<DecisionOutcome.Approved>(await decisions.ApproveAsync(approvedId, course.Id, false, DecisionRoute.Link, CancellationToken.None));
        Assert.IsType<DecisionOutcome.Declined>(await decisions.DeclineAsync(declinedId, "We'd love to see you <b>next term</b>.", DecisionRoute.Api, CancellationToken.None));
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        var confirmation = (await emulators.Maildev.WaitForAsync(approvedFamily.Email!, 2)).Single(e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.Contains(approved.Decision.BookingReference!, confirmation.Text, StringComparison.Ordinal);
        Assert.Contains("This is one of our free places.", confirmation.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("£", confirmation.Text, StringComparison.Ordinal);
        Assert.Contains(confirmation.Attachments!, a => a.FileName.EndsWith(".ics", StringComparison.Ordinal));

        var decline = (await emulators.Maildev.WaitForAsync(declinedFamily.Email!, 2)).Single(e => e.Subject.Contains("About your request", StringComparison.Ordinal));
        Assert.Contains("SIGNPOST: call your health visitor.", decline.Text, StringComparison.Ordinal);
        var declineHtml = decline.Html;
        Assert.Contains("&lt;b&gt;next term&lt;/b&gt;", declineHtml, StringComparison.Ordinal);
        foreach (var email in new[] { confirmation, decline })
        {
            Assert.DoesNotContain("PRIVATE-NOTE", email.Text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(email.Html));
            Assert.DoesNotContain("PRIVATE-NOTE", email.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_note_is_deleted_after_the_retention_period_and_the_decision_is_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(
            emulators,
            s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            settings: s => s["FreePlaces:NoteRetentionDays"] = "30");
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var approvedId = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var declinedId = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var pendingId = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var decisions = app.Get<IFreePlaceDecisionService>();
        await decisions.ApproveAsync(approvedId, course.Id, false, DecisionRoute.Link, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await decisions.DeclineAsync(declinedId, "Sorry", DecisionRoute.Api, CancellationToken.None);
        var purger = app.Get<IFreePlaceNotePurger>();

        clock.Advance(TimeSpan.FromDays(29) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await purger.PurgeAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await purger.PurgeAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await purger.PurgeAsync(CancellationToken.None));
        Assert.Equal(0, await purger.PurgeAsync(CancellationToken.None));

        var requests = app.Get<TableServiceClient>().GetTableClient(app.Storage.FreePlaceRequestsTable);
        foreach (var id in new[] { approvedId, declinedId })
        {
            var raw = (await requests.GetEntityAsync<TableEntity>(id, FreePlaceRequestEntity.Row)).Value;
            Assert.False(raw.ContainsKey(nameof(FreePlaceRequestEntity.Note)));
            Assert.False(raw.ContainsKey(nameof(FreePlaceRequestEntity.DeclineMessage)));
            Assert.NotNull(raw.GetDateTimeOffset(nameof(FreePlaceRequestEntity.NotePurgedUtc)));
            Assert.NotNull(raw.GetDateTimeOffset(nameof(FreePlaceRequestEntity.DecidedUtc)));
            Assert.NotNull(raw.GetString(nameof(FreePlaceRequestEntity.DecidedVia)));
        }

        var approved = (await app.Get<IFreePlaceRequestStore>().FindAsync(approvedId, CancellationToken.None))!;
        Assert.Equal((FreePlaceStatus.Approved, course.Id), (approved.Status, approved.ApprovedCourseId));
        Assert.NotNull(approved.BookingReference);
        Assert.Equal(TestFreePlaces.SecretNote, (await app.Get<IFreePlaceRequestStore>().FindAsync(pendingId, CancellationToken.None))!.Note);
    }

    [Fact]
    public async Task A_lost_queue_message_for_a_request_email_is_swept_from_the_free_place_table()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            SwitchableEnqueuer.ReplaceIn(services);
        });
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        app.Get<SwitchableEnqueuer>().Broken = true;
        var id = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        app.Get<SwitchableEnqueuer>().Broken = false;

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(2, await app.Get<IOutboxSweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(app));

        var outbox = app.Get<TableServiceClient>().GetTableClient(app.Storage.FreePlaceRequestsTable)
            .QueryAsync<OutboxEntity>(e => e.PartitionKey == id && e.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && e.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0);
        await foreach (var row in outbox)
        {
            Assert.Equal(OutboxStatus.Sent, row.OutboxStatus);
        }
    }
}
