using System.Globalization;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Polly.Registry;

namespace HappyBabyHive.Tests.FreePlaces;

/// <summary>
/// Free-place requests, decisions and the note purge on in-memory stores (the request store and the course partition
/// store), with the real retry policy: what is stored, which emails are owed, and who wins a race.
/// </summary>
public sealed class FreePlaceServiceTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryFreePlaceRequestStore requests = new();
    private readonly InMemoryCoursePartitionStore partitions = new();
    private readonly Mock<ICourseStore> courses = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly FreePlaceOptions options = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 3, freePlaces: 1);

    public FreePlaceServiceTests()
    {
        partitions.Add(course);
        courses.Setup(c => c.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, CancellationToken _) => id == course.Id ? partitions.Course(id) : null);
    }

    // The retry policy's backoff runs on the system clock: the service's own clock is the fake one, which never moves by itself.
    private static readonly ResiliencePipelineProvider<string> Pipelines = new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddConcurrencyRetry()
        .BuildServiceProvider()
        .GetRequiredService<ResiliencePipelineProvider<string>>();

    private FreePlaceRequestService RequestService() => new(
        requests, courses.Object, queue.Object, new FreePlaceRequestValidator(time, Options.Create(options)), TestSettings.Hasher, time, NullLogger<FreePlaceRequestService>.Instance);

    private FreePlaceDecisionService Decisions() => new(
        requests, partitions, courses.Object, queue.Object, TestSettings.Hasher, Options.Create(options), time, Pipelines, NullLogger<FreePlaceDecisionService>.Instance);

    private FreePlaceNotePurger Purger() => new(requests, Options.Create(options), time, NullLogger<FreePlaceNotePurger>.Instance);

    private FreePlaceRequest Form(string? courseId = null, string? honeypot = null) => new()
    {
        CourseId = courseId ?? course.Id,
        ParentName = "Jo Bloggs",
        Email = "jo@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReferralSource = nameof(ReferralSource.HealthVisitor),
        Note = "A private note",
        ConsentToStore = true,
        LeaveThisEmpty = honeypot,
    };

    private async Task<string> SubmitAsync(string? key = null) =>
        Assert.IsType<FreePlaceRequestOutcome.Created>(await RequestService().SubmitAsync(Form(), key, CancellationToken.None)).Receipt.RequestId;

    [Fact]
    public async Task A_request_is_stored_with_both_emails_owed_and_both_enqueued()
    {
        var id = await SubmitAsync();

        var stored = requests.Stored(id);
        Assert.Equal((FreePlaceStatus.Pending, "A private note", course.Id, Now), (stored.Status, stored.Note, stored.PreferredCourseId, stored.ConsentToStoreUtc));
        Assert.Equal(
            [RowKeys.Outbox(id, EmailTemplates.FreePlaceReceived), RowKeys.Outbox(id, EmailTemplates.FreePlaceOwnerNotification)],
            requests.Emails.Select(e => e.RowKey));
        foreach (var email in requests.Emails)
        {
            queue.Verify(q => q.EnqueueAsync(email, null, It.IsAny<CancellationToken>()), Times.Once);
        }
    }

    [Fact]
    public async Task A_honeypot_or_an_invalid_form_stores_nothing()
    {
        Assert.IsType<FreePlaceRequestOutcome.Ignored>(await RequestService().SubmitAsync(Form(honeypot: "spam"), null, CancellationToken.None));
        Assert.IsType<FreePlaceRequestOutcome.Invalid>(await RequestService().SubmitAsync(Form() with { ConsentToStore = false }, null, CancellationToken.None));

        Assert.Equal(0, requests.Writes);
        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_request_and_with_other_details_is_refused()
    {
        var id = await SubmitAsync("key-1");

        var replayed = Assert.IsType<FreePlaceRequestOutcome.Replayed>(await RequestService().SubmitAsync(Form(), "key-1", CancellationToken.None));
        var reused = await RequestService().SubmitAsync(Form() with { ParentName = "Someone Else" }, "key-1", CancellationToken.None);

        Assert.Equal((id, course.Title), (replayed.Receipt.RequestId, replayed.Receipt.CourseTitle));
        Assert.IsType<FreePlaceRequestOutcome.IdempotencyKeyReused>(reused);
        Assert.Equal(1, requests.Writes);
    }

    [Fact]
    public async Task Approving_takes_a_free_place_through_the_course_change_set_and_marks_the_request_approved()
    {
        var id = await SubmitAsync();

        var approved = Assert.IsType<DecisionOutcome.Approved>(await Decisions().ApproveAsync(id, course.Id, false, DecisionRoute.Link, CancellationToken.None));

        Assert.Equal((1, 0), (partitions.Course(course.Id).FreePlacesTaken, partitions.Course(course.Id).GeneralPlacesTaken));
        var stored = requests.Stored(id);
        Assert.Equal((FreePlaceStatus.Approved, PlaceKind.Free, DecisionRoute.Link), (stored.Status, stored.PlaceKind, stored.DecidedVia));
        Assert.Null(stored.Approving);
        Assert.Equal(stored.BookingReference, approved.Decision.BookingReference);
        Assert.NotNull(await partitions.FindPointerAsync(course.Id, BookingPointerKey.FreePlaceRequest(id), CancellationToken.None));
        queue.Verify(q => q.EnqueueAsync(partitions.EmailMessage(course.Id, stored.BookingReference!, EmailTemplates.BookingConfirmed), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task When_the_free_places_are_gone_the_request_is_released_for_another_try()
    {
        var id = await SubmitAsync();
        partitions.ChangeElsewhere(course.Id, c => c.FreePlacesTaken = 1);

        Assert.IsType<DecisionOutcome.NoFreePlacesLeft>(await Decisions().ApproveAsync(id, course.Id, false, DecisionRoute.Api, CancellationToken.None));

        Assert.Equal((FreePlaceStatus.Pending, null), (requests.Stored(id).Status, requests.Stored(id).Approving));
    }

    [Fact]
    public async Task An_approval_that_loses_the_claim_to_another_decider_changes_nothing()
    {
        var id = await SubmitAsync();
        var other = Decisions();
        requests.BeforeReplace = async () => await other.DeclineAsync(id, null, DecisionRoute.Api, CancellationToken.None);

        var outcome = await Decisions().ApproveAsync(id, course.Id, false, DecisionRoute.Link, CancellationToken.None);

        Assert.Equal(FreePlaceStatus.Declined, Assert.IsType<DecisionOutcome.AlreadyDecided>(outcome).Decision.Status);
        Assert.Equal(0, partitions.Course(course.Id).FreePlacesTaken);
    }

    [Fact]
    public async Task A_decline_owes_its_email_in_the_same_write_and_a_lost_race_reads_again()
    {
        var id = await SubmitAsync();
        var approver = Decisions();
        requests.BeforeReplace = async () => await approver.ApproveAsync(id, course.Id, false, DecisionRoute.Api, CancellationToken.None);

        var lost = await Decisions().DeclineAsync(id, "Sorry", DecisionRoute.Link, CancellationToken.None);

        Assert.Equal(FreePlaceStatus.Approved, Assert.IsType<DecisionOutcome.AlreadyDecided>(lost).Decision.Status);
        Assert.DoesNotContain(requests.Emails, e => e.RowKey == RowKeys.Outbox(id, EmailTemplates.FreePlaceDeclined));

        var second = await SubmitAsync();
        var declined = Assert.IsType<DecisionOutcome.Declined>(await Decisions().DeclineAsync(second, "  Sorry  ", DecisionRoute.Link, CancellationToken.None));
        Assert.Equal("Sorry", declined.Message);
        Assert.Equal((FreePlaceStatus.Declined, "Sorry"), (requests.Stored(second).Status, requests.Stored(second).DeclineMessage));
        Assert.Contains(requests.Emails, e => e.RowKey == RowKeys.Outbox(second, EmailTemplates.FreePlaceDeclined));
    }

    [Fact]
    public async Task The_purge_empties_notes_and_decline_messages_once_the_retention_has_passed_and_keeps_the_decision()
    {
        var declined = await SubmitAsync();
        var pending = await SubmitAsync();
        await Decisions().DeclineAsync(declined, "Sorry", DecisionRoute.Link, CancellationToken.None);

        time.Advance(TimeSpan.FromDays(options.NoteRetentionDays) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Purger().PurgeAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Purger().PurgeAsync(CancellationToken.None));

        var purged = requests.Stored(declined);
        Assert.Equal((null, null, false, FreePlaceStatus.Declined), (purged.Note, purged.DeclineMessage, purged.HasNote, purged.Status));
        Assert.Equal(time.GetUtcNow(), purged.NotePurgedUtc);
        Assert.NotNull(requests.Stored(pending).Note);
        Assert.Equal(0, await Purger().PurgeAsync(CancellationToken.None));
    }
}
