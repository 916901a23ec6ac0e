using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>Offers under races and time on real Table Storage: one winner per place, and an unclaimed offer moves on.</summary>
public sealed class WaitlistOfferRaceTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Two_claims_racing_for_one_offered_place_have_exactly_one_winner_and_one_confirmation()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var (course, references) = await FullCourseWithAnOfferAsync(app);
        var service = app.Get<IBookingChangeService>();

        // Two presses (two tabs, or two devices) at the same moment, both past the read before either commits.
        var claims = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => service.ClaimOfferAsync(new BookingKey(course.Id, references[1]), PaymentMethod.Card, CancellationToken.None))));

        Assert.Single(claims, c => c is ClaimOutcome.Claimed);
        Assert.Single(claims, c => c is ClaimOutcome.AlreadyClaimed);
        Assert.Equal([$"{references[1]}|{EmailTemplates.BookingConfirmed}"], (await OwedAsync(app, course.Id)).Where(r => r.EndsWith(EmailTemplates.BookingConfirmed, StringComparison.Ordinal) && r.StartsWith(references[1], StringComparison.Ordinal)));
        var stored = await TestCourses.StoredAsync(app, course.Id);
        Assert.Equal((1, 1), (stored.GeneralPlacesTaken, stored.WaitlistCount));
    }

    [Fact]
    public async Task A_claim_racing_the_lapse_at_the_deadline_and_an_offer_left_too_long_moves_on_to_the_next_family()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var (course, references) = await FullCourseWithAnOfferAsync(app);
        var service = app.Get<IBookingChangeService>();
        var offered = (await TestCourses.BookingsAsync(app, course.Id)).Single(b => b.Reference == references[1]);

        // At the deadline: the timer's lapse and the family's late claim race; exactly one of them takes effect.
        clock.SetUtcNow(offered.OfferExpiresUtc!.Value);
        var claim = Task.Run(() => service.ClaimOfferAsync(new BookingKey(course.Id, references[1]), PaymentMethod.Card, CancellationToken.None));
        var lapse = Task.Run(() => service.LapseEndedOffersAsync(CancellationToken.None));
        await Task.WhenAll(claim, lapse);

        Assert.IsType<ClaimOutcome.OfferEnded>(await claim);
        var bookings = (await TestCourses.BookingsAsync(app, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Cancelled), nameof(CancellationReason.OfferLapsed)), (bookings[references[1]].Status, bookings[references[1]].CancellationReason));
        Assert.Equal(nameof(BookingStatus.Offered), bookings[references[2]].Status);
        Assert.Equal(clock.GetUtcNow() + new BookingChangeOptions().OfferWindow, bookings[references[2]].OfferExpiresUtc);
        var owed = await OwedAsync(app, course.Id);
        Assert.Contains($"{references[1]}|{EmailTemplates.OfferLapsed}", owed);
        Assert.Contains($"{references[2]}|{EmailTemplates.PlaceOffered}", owed);
        Assert.DoesNotContain($"{references[1]}|{EmailTemplates.BookingConfirmed}", owed);
        var stored = await TestCourses.StoredAsync(app, course.Id);
        Assert.Equal((1, 0), (stored.GeneralPlacesTaken, stored.WaitlistCount));
        Assert.Equal(0, await service.LapseEndedOffersAsync(CancellationToken.None));
    }

    /// <summary>One general place, booked by family 0, then families 1 and 2 waiting; family 0 cancels, so family 1 is offered the place.</summary>
    private static async Task<(Course Course, List<string> References)> FullCourseWithAnOfferAsync(AppServices app)
    {
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 1, freePlaces: 0));
        var references = await TestCourses.BookAsync(app, course, Enumerable.Range(0, 3).Select(i => TestCourses.Unique($"race{i}")));
        var cancelled = await app.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: true, CancellationToken.None);
        Assert.Equal(1, Assert.IsType<CancelOutcome.Cancelled>(cancelled).OfferedTo);
        return (course, references);
    }

    private static async Task<List<string>> OwedAsync(AppServices app, string courseId)
    {
        var owed = new List<string>();
        await foreach (var row in app.BookingsTable.QueryAsync<Azure.Data.Tables.TableEntity>(o => o.PartitionKey == courseId && o.RowKey.CompareTo("outbox|") >= 0 && o.RowKey.CompareTo("outbox}") < 0))
        {
            owed.Add(row.RowKey["outbox|".Length..]);
        }

        return owed;
    }
}
