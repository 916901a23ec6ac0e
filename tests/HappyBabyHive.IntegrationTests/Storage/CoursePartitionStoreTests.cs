using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses.Partition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.IntegrationTests.Storage;

/// <summary>On Azurite: the course partition store commits a change set as one ETag-guarded transaction.</summary>
[Collection(UsesEmulators.Name)]
public sealed class CoursePartitionStoreTests(EmulatorFixture emulators)
{
    [Fact]
    public async Task A_committed_change_writes_counters_booking_pointer_and_owed_email_together()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var store = app.Get<ICoursePartitionStore>();

        var snapshot = (await store.LoadAsync(course.Id, CancellationToken.None))!;
        var changes = snapshot.Change(DateTimeOffset.UtcNow);
        changes.TakeGeneralPlace();
        changes.TakeFreePlace();
        var position = changes.JoinWaitlist();
        changes.AddBooking(NewBooking("HBH-TEST01"));
        changes.AddPointer(BookingPointerKey.Family(TestSettings.Hasher, "a@example.co.uk", "Ada"), "HBH-TEST01");
        changes.OweEmail("HBH-TEST01", EmailTemplates.BookingConfirmed);
        var email = Assert.Single(await store.CommitAsync(changes, CancellationToken.None));

        Assert.Equal(1, position);
        var stored = (await store.LoadAsync(course.Id, CancellationToken.None))!.Course;
        Assert.Equal((1, 1, 1), (stored.GeneralPlacesTaken, stored.FreePlacesTaken, stored.WaitlistCount));
        Assert.Equal("Ada", (await store.FindBookingAsync(course.Id, "HBH-TEST01", CancellationToken.None))!.BabyFirstName);
        Assert.Equal("HBH-TEST01", (await store.FindPointerAsync(course.Id, BookingPointerKey.Family(TestSettings.Hasher, "a@example.co.uk", "Ada"), CancellationToken.None))!.Reference);
        Assert.True((await app.BookingsTable.GetEntityIfExistsAsync<OutboxEntity>(course.Id, email.RowKey)).HasValue);
    }

    [Fact]
    public async Task A_change_from_a_stale_snapshot_loses_the_race_on_the_course_row_and_writes_nothing()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var store = app.Get<ICoursePartitionStore>();
        var first = (await store.LoadAsync(course.Id, CancellationToken.None))!;
        var second = (await store.LoadAsync(course.Id, CancellationToken.None))!;

        var winner = first.Change(DateTimeOffset.UtcNow);
        winner.TakeGeneralPlace();
        await store.CommitAsync(winner, CancellationToken.None);

        var loser = second.Change(DateTimeOffset.UtcNow);
        loser.TakeGeneralPlace();
        loser.AddBooking(NewBooking("HBH-LOSER1"));
        var refused = await Assert.ThrowsAsync<CourseChangeRejectedException>(() => store.CommitAsync(loser, CancellationToken.None));

        Assert.True(refused.LostRace);
        Assert.Equal(new CourseRow(CourseRowKind.Course, null), refused.Failed);
        Assert.Equal(1, (await store.LoadAsync(course.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);
        Assert.Null(await store.FindBookingAsync(course.Id, "HBH-LOSER1", CancellationToken.None));
    }

    [Fact]
    public async Task A_pointer_that_exists_is_named_with_its_row_so_the_caller_knows_who_booked_before()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await AddCourseAsync(app);
        var store = app.Get<ICoursePartitionStore>();
        var family = BookingPointerKey.Family(TestSettings.Hasher, "a@example.co.uk", "Ada");
        var earlier = (await store.LoadAsync(course.Id, CancellationToken.None))!.Change(DateTimeOffset.UtcNow);
        earlier.AddBooking(NewBooking("HBH-FIRST1"));
        earlier.AddPointer(family, "HBH-FIRST1");
        await store.CommitAsync(earlier, CancellationToken.None);

        var again = (await store.LoadAsync(course.Id, CancellationToken.None))!.Change(DateTimeOffset.UtcNow);
        again.TakeGeneralPlace();
        again.AddBooking(NewBooking("HBH-AGAIN1"));
        again.AddPointer(family, "HBH-AGAIN1");
        var refused = await Assert.ThrowsAsync<CourseChangeRejectedException>(() => store.CommitAsync(again, CancellationToken.None));

        Assert.True(refused.AlreadyExists);
        Assert.Equal(new CourseRow(CourseRowKind.BookingPointer, "HBH-AGAIN1", family), refused.Failed);
        Assert.Equal(0, (await store.LoadAsync(course.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);
    }

    [Fact]
    public async Task One_booking_costs_one_read_of_the_course_partition_one_transaction_and_one_enqueue()
    {
        var counter = new CountingPolicy();
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            // Clients of this test's own, so the count is this booking's alone whatever else runs in the process.
            services.Replace(ServiceDescriptor.Singleton(_ =>
            {
                var options = StorageClients.TableOptions();
                options.AddPolicy(counter.For("table"), HttpPipelinePosition.PerRetry);
                return new TableServiceClient(emulators.StorageConnectionString, options);
            }));
            services.Replace(ServiceDescriptor.Singleton(_ =>
            {
                var options = StorageClients.QueueOptions();
                options.AddPolicy(counter.For("queue"), HttpPipelinePosition.PerRetry);
                return new QueueServiceClient(emulators.StorageConnectionString, options);
            }));
        });
        var course = await AddCourseAsync(app);
        counter.Reset();

        var outcome = await app.Get<IBookingService>().BookAsync(TestBookings.For(course), "count-key", CancellationToken.None);

        Assert.IsType<BookingOutcome.Created>(outcome);
        // In this order: the caller hears back only after the email is enqueued.
        Assert.Equal(["GET table", "POST table", "POST queue"], counter.Requests);
    }

    private static async Task<Course> AddCourseAsync(AppServices app)
    {
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        return course;
    }

    private static Booking NewBooking(string reference) => new()
    {
        Reference = reference,
        Status = BookingStatus.Confirmed,
        ParentName = "Sam Smith",
        Email = "a@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 10, 1),
        CreatedUtc = DateTimeOffset.UtcNow,
    };

    /// <summary>Records each storage round trip as "METHOD service".</summary>
    private sealed class CountingPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> requests = new();

        public IReadOnlyList<string> Requests => [.. requests];

        public void Reset() => requests.Clear();

        public HttpPipelinePolicy For(string service) => new Policy(this, service);

        private sealed class Policy(CountingPolicy owner, string service) : HttpPipelineSynchronousPolicy
        {
            public override void OnSendingRequest(HttpMessage message) => owner.requests.Enqueue($"{message.Request.Method} {service}");
        }
    }
}
