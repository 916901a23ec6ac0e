using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Privacy;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Polly.Registry;

namespace HappyBabyHive.IntegrationTests.Privacy;

/// <summary>
/// The retention timer's work on Azurite with a fake clock: each kind of data goes just after its period, not just
/// before, with the default periods. The 30-day periods start on 10 March and so end after the UK clocks go forward
/// (30 March): the cut-offs are instants, so the change neither shortens nor lengthens them.
/// </summary>
public sealed class RetentionTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_kind_of_data_goes_just_after_its_period_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.Replace(ServiceDescriptor.Singleton<ResiliencePipelineProvider<string>>(TestPipelines.Concurrency(20)));
        });
        var course = SampleCourses.Massage(new DateOnly(2025, 3, 17), id: "massage-retention"); // last session 14 April 10:00 BST
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var booked = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(TestBookings.For(course), "retry-key", CancellationToken.None));
        var requestOutcome = await app.Get<IFreePlaceRequestService>().SubmitAsync(TestFreePlaces.For(course), "free-place-key", CancellationToken.None);
        var requestId = Assert.IsType<FreePlaceRequestOutcome.Created>(requestOutcome).Receipt.RequestId;
        var subscriptions = app.Get<ISubscriptionService>();
        await subscriptions.SubscribeAsync(new SubscriptionRequest { Email = "pending@example.co.uk", Consent = true }, CancellationToken.None);
        await subscriptions.SubscribeAsync(new SubscriptionRequest { Email = "leaving@example.co.uk", Consent = true }, CancellationToken.None);
        await subscriptions.UnsubscribeAsync(SubscriberKeys.For(TestSettings.Hasher, "leaving@example.co.uk"), CancellationToken.None);
        await app.Get<IOwnerSignInStore>().AddAsync(new SignInAttempt("link-1", TestSettings.OwnerEmail, Start, Start.AddMinutes(15)), TimeSpan.FromMinutes(10), CancellationToken.None);
        var publications = app.Get<TableServiceClient>().GetTableClient(app.Storage.TipPublicationsTable);
        await publications.AddEntityAsync(new TableEntity("sent|2025-W11", SubscriberKeys.For(TestSettings.Hasher, "someone@example.co.uk")) { ["Status"] = "Sent", ["SentUtc"] = Start });

        async Task<RetentionCounts> RunAtAsync(DateTimeOffset at)
        {
            clock.SetUtcNow(at);
            return await app.Get<RetentionService>().RunAsync(CancellationToken.None);
        }

        var minute = TimeSpan.FromMinutes(1);
        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(Start.AddDays(7) - minute));
        Assert.Equal(new RetentionCounts(0, 0, 1, 0, 0, 0, 0, 0), await RunAtAsync(Start.AddDays(7) + minute));
        Assert.Null(await app.Get<ISubscriberStore>().FindAsync(SubscriberKeys.For(TestSettings.Hasher, "pending@example.co.uk"), CancellationToken.None));

        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(Start.AddDays(30) - minute));
        var thirtyDays = await RunAtAsync(Start.AddDays(30) + minute);
        Assert.Equal(1, thirtyDays.UnsubscribedSubscribersDeleted);
        Assert.Equal(2, thirtyDays.SignInRowsDeleted); // the attempt and its owed email
        Assert.Null(await app.Get<IOwnerSignInStore>().FindAsync("link-1", CancellationToken.None));

        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(Start.AddDays(90) - minute));
        Assert.Equal(1, (await RunAtAsync(Start.AddDays(90) + minute)).FreePlaceNotesPurged);
        var request = await app.Get<IFreePlaceRequestStore>().FindAsync(requestId, CancellationToken.None);
        Assert.Equal(FreePlaceStatus.Pending, request!.Status);
        Assert.Null(request.Note);
        Assert.Null(request.RequestHash);

        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(Start.AddDays(365) - minute));
        Assert.Equal(1, (await RunAtAsync(Start.AddDays(365) + minute)).TipSentMarkersDeleted);

        var courseEnds = course.LastSessionEndsUtc.AddMonths(18);
        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(courseEnds - minute));
        Assert.Equal(1, (await RunAtAsync(courseEnds + minute)).BookingsAnonymised);
        var rows = await app.BookingsTable.QueryAsync<TableEntity>(e => e.PartitionKey == course.Id).ToListAsync();
        var booking = Assert.Single(rows, r => r.RowKey == RowKeys.Booking(booked.Receipt.Reference));
        Assert.Equal("(erased)", booking.GetString("ParentName"));
        Assert.Equal(string.Empty, booking.GetString("Email"));
        Assert.Equal("Confirmed", booking.GetString("Status"));
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith(RowKeys.FamilyPrefix, StringComparison.Ordinal) || r.RowKey.StartsWith(RowKeys.IdempotencyPrefix, StringComparison.Ordinal));

        // A second run the same minute finds nothing left to do.
        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0, 0), await RunAtAsync(courseEnds + minute));
    }
}
