using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.Bookings;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.FreePlaces;

public sealed class FreePlaceApprovalTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Two_approvals_racing_for_the_last_free_place_give_it_to_exactly_one()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming(capacity: 10, freePlaces: 1);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var first = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var second = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var decisions = app.Get<IFreePlaceDecisionService>();

        var outcomes = await Task.WhenAll(new[] { first, second }.Select(id =>
            Task.Run(() => decisions.ApproveAsync(id, course.Id, useGeneralPlace: false, DecisionRoute.Link, CancellationToken.None))));

        Assert.Single(outcomes, o => o is DecisionOutcome.Approved);
        var refused = Assert.IsType<DecisionOutcome.NoFreePlacesLeft>(Assert.Single(outcomes, o => o is not DecisionOutcome.Approved));
        Assert.Equal(9, refused.GeneralSpacesLeft);
        var stored = (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
        Assert.Equal((1, 0), (stored.FreePlacesTaken, stored.GeneralPlacesTaken));
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));

        // The loser's request is open again, and the owner can knowingly give a general place instead.
        var loser = outcomes[0] is DecisionOutcome.Approved ? second : first;
        Assert.Equal(FreePlaceStatus.Pending, (await app.Get<IFreePlaceRequestStore>().FindAsync(loser, CancellationToken.None))!.Status);
        var general = Assert.IsType<DecisionOutcome.Approved>(await decisions.ApproveAsync(loser, course.Id, useGeneralPlace: true, DecisionRoute.Api, CancellationToken.None));
        Assert.Equal(PlaceKind.General, general.Decision.PlaceKind);
        stored = (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
        Assert.Equal((1, 1), (stored.FreePlacesTaken, stored.GeneralPlacesTaken));
    }

    [Fact]
    public async Task Approvals_and_bookings_together_never_exceed_capacity()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming(capacity: 6, freePlaces: 2);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var requests = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            requests.Add(await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course)));
        }

        var decisions = app.Get<IFreePlaceDecisionService>();
        var approvals = requests.Select((id, i) => Task.Run(async () =>
            (object)await decisions.ApproveAsync(id, course.Id, useGeneralPlace: i % 2 == 1, DecisionRoute.Api, CancellationToken.None)));
        var bookings = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            (object)await app.Get<IBookingService>().BookAsync(TestBookings.For(course), null, CancellationToken.None)));
        var outcomes = await Task.WhenAll(approvals.Concat(bookings));

        var stored = (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value;
        Assert.Equal(2, stored.FreePlacesTaken);
        Assert.Equal(4, stored.GeneralPlacesTaken);
        var confirmed = new List<BookingEntity>();
        await foreach (var booking in app.BookingsTable.QueryAsync<BookingEntity>(b => b.PartitionKey == course.Id && b.Status == nameof(BookingStatus.Confirmed)))
        {
            confirmed.Add(booking);
        }

        Assert.Equal(6, confirmed.Count);
        Assert.Equal(outcomes.Count(o => o is DecisionOutcome.Approved), confirmed.Count(b => b.IsFreePlace));
        Assert.All(outcomes.OfType<DecisionOutcome>(), o => Assert.True(o is DecisionOutcome.Approved or DecisionOutcome.NoFreePlacesLeft or DecisionOutcome.NoGeneralPlacesLeft, o.ToString()));
    }

    [Fact]
    public async Task The_same_request_approved_twice_at_once_is_booked_once()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming(capacity: 10, freePlaces: 2);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var id = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var decisions = app.Get<IFreePlaceDecisionService>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => decisions.ApproveAsync(id, course.Id, false, i % 2 == 0 ? DecisionRoute.Link : DecisionRoute.Api, CancellationToken.None))));

        Assert.Single(outcomes, o => o is DecisionOutcome.Approved);
        Assert.All(outcomes.Where(o => o is not DecisionOutcome.Approved), o => Assert.True(o is DecisionOutcome.InProgress or DecisionOutcome.AlreadyDecided, o.ToString()));
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
        Assert.Equal(1, (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value.FreePlacesTaken);

        // Clicking again later (or from another device) shows the decision and changes nothing.
        var again = Assert.IsType<DecisionOutcome.AlreadyDecided>(await decisions.ApproveAsync(id, course.Id, false, DecisionRoute.Link, CancellationToken.None));
        Assert.Equal(FreePlaceStatus.Approved, again.Decision.Status);
        Assert.IsType<DecisionOutcome.AlreadyDecided>(await decisions.DeclineAsync(id, "sorry", DecisionRoute.Api, CancellationToken.None));
    }

    [Fact]
    public async Task An_approval_that_stopped_after_booking_is_finished_not_repeated()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var course = SampleCourses.Upcoming(capacity: 10, freePlaces: 2);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var id = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
        var decisions = app.Get<IFreePlaceDecisionService>();
        var requests = app.Get<IFreePlaceRequestStore>();

        // Approve, then wind the request back to "Approving" as if the process died between booking and marking it.
        var approved = Assert.IsType<DecisionOutcome.Approved>(await decisions.ApproveAsync(id, course.Id, false, DecisionRoute.Link, CancellationToken.None));
        var row = (await requests.FindAsync(id, CancellationToken.None))!;
        Assert.NotNull(await requests.TryReplaceAsync(
            row with
            {
                Status = FreePlaceStatus.Approving,
                Approving = new ApprovalHold(clock.GetUtcNow().AddMinutes(10), course.Id, GeneralPlace: false, DecisionRoute.Link),
                DecidedUtc = null,
            },
            CancellationToken.None));

        Assert.IsType<DecisionOutcome.InProgress>(await decisions.ApproveAsync(id, course.Id, false, DecisionRoute.Api, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(11));
        var finished = Assert.IsType<DecisionOutcome.AlreadyDecided>(await decisions.ApproveAsync(id, course.Id, false, DecisionRoute.Api, CancellationToken.None));

        Assert.Equal(approved.Decision.BookingReference, finished.Decision.BookingReference);
        Assert.Equal(DecisionRoute.Link, finished.Decision.Via);
        Assert.Equal(1, await BookingConcurrencyTests.CountAsync(app.BookingsTable, course.Id, RowKeys.BookingPrefix));
        Assert.Equal(1, (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value.FreePlacesTaken);
    }

    [Fact]
    public async Task A_family_already_booked_on_the_course_is_not_booked_twice()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = SampleCourses.Upcoming();
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var booking = TestBookings.For(course, email: "same@example.co.uk", baby: "Ada");
        var booked = Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(booking, null, CancellationToken.None));
        var id = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course, email: "same@example.co.uk", baby: "Ada"));

        var outcome = Assert.IsType<DecisionOutcome.AlreadyBooked>(await app.Get<IFreePlaceDecisionService>().ApproveAsync(id, course.Id, false, DecisionRoute.Api, CancellationToken.None));

        Assert.Equal(booked.Receipt.Reference, outcome.BookingReference);
        Assert.Equal(0, (await app.BookingsTable.GetEntityAsync<CourseEntity>(course.Id, RowKeys.Course)).Value.FreePlacesTaken);
        Assert.Equal(FreePlaceStatus.Pending, (await app.Get<IFreePlaceRequestStore>().FindAsync(id, CancellationToken.None))!.Status);
    }
}
