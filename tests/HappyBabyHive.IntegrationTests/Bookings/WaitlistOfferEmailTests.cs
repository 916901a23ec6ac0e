using System.Text.RegularExpressions;
using System.Web;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.IntegrationTests.Courses;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Time;

namespace HappyBabyHive.IntegrationTests.Bookings;

/// <summary>The offer emails of issue #15 as a family receives them: real Azurite, the real outbox, real SMTP into maildev.</summary>
public sealed partial class WaitlistOfferEmailTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string OfferSubject = "A place is yours if you'd like it: ";

    [Fact]
    public async Task A_cancellation_offers_the_place_by_email_and_the_claim_link_in_it_claims_that_place()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(capacity: 2, freePlaces: 0));
        var families = Enumerable.Range(0, 3).Select(i => TestCourses.Unique($"offer{i}")).ToList();
        var references = await TestCourses.BookAsync(app, course, families);
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        var cancelled = await app.Get<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, references[0]), ChangedBy.Family, emailFamily: true, CancellationToken.None);

        Assert.Equal(1, Assert.IsType<CancelOutcome.Cancelled>(cancelled).OfferedTo);
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        Assert.Single(await emulators.Maildev.WaitForAsync(families[0], 2), e => e.Subject == "Your booking is cancelled: Baby Massage for Little Ones");

        // The waiting family's email: when the place is held until, in UK time, and a claim button.
        var offer = await emulators.Maildev.WaitForAsync(families[2], e => e.Subject.StartsWith(OfferSubject, StringComparison.Ordinal));
        var held = (await TestCourses.BookingsAsync(app, course.Id)).Single(b => b.Reference == references[2]);
        Assert.Equal(nameof(BookingStatus.Offered), held.Status);
        var until = $"{UkDateFormat.Clock(held.OfferExpiresUtc!.Value)} on {UkDateFormat.DayAndDate(held.OfferExpiresUtc.Value)}";
        Assert.Contains($"We're holding it for you until {until}.", offer.Text, StringComparison.Ordinal);
        var claimUrl = ClaimLink().Match(offer.Text!).Value;
        using var html = HostileHtml.Parse(offer.Html!);
        Assert.Equal(claimUrl, Assert.Single(html.QuerySelectorAll("a[href]"), a => a.TextContent == "Claim your place").GetAttribute("href"));

        // The link names this family's booking, for claiming, and claiming through it gives them the place.
        var check = app.Get<BookingLinks>().VerifyClaim(HttpUtility.ParseQueryString(new Uri(claimUrl).Query)[BookingLinks.TokenParameter]);
        Assert.True(check.IsValid);
        Assert.Equal(new BookingKey(course.Id, references[2]), check.Booking);
        Assert.IsType<ClaimOutcome.Claimed>(await app.Get<IBookingChangeService>().ClaimOfferAsync(check.Booking!, PaymentMethod.Card, CancellationToken.None));
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        var confirmed = await emulators.Maildev.WaitForAsync(families[2], e => e.Subject.StartsWith("You're booked: ", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:7071/api/manage-booking?token=", confirmed.Text, StringComparison.Ordinal);
        Assert.Equal(nameof(BookingStatus.Confirmed), (await TestCourses.BookingsAsync(app, course.Id)).Single(b => b.Reference == references[2]).Status);
    }

    [Fact]
    public async Task Raising_capacity_offers_the_new_places_by_email_unless_the_owner_chose_to_book_straight_in()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var details = TestCourses.Details(capacity: 1, freePlaces: 0);
        var course = await TestCourses.CreateAsync(app, details);
        var families = Enumerable.Range(0, 3).Select(i => TestCourses.Unique($"raise{i}")).ToList();
        var references = await TestCourses.BookAsync(app, course, families);
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        var outcome = await app.Get<ICourseManagementService>().UpdateAsync(course.Id, details.WithPlaces(2, 0), CancellationToken.None);

        var updated = Assert.IsType<CourseChangeOutcome.Updated>(outcome);
        Assert.Equal((0, 1), (updated.PromotedFromWaitlist, updated.OfferedToWaitlist));
        Assert.Equal((2, 1), (updated.Course.GeneralPlacesTaken, updated.Course.WaitlistCount));
        var rows = (await TestCourses.BookingsAsync(app, course.Id)).ToDictionary(b => b.Reference);
        Assert.Equal((nameof(BookingStatus.Offered), nameof(BookingStatus.Waitlisted), 1), (rows[references[1]].Status, rows[references[2]].Status, rows[references[2]].WaitlistPosition));
        Assert.Equal(1, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        await emulators.Maildev.WaitForAsync(families[1], e => e.Subject.StartsWith(OfferSubject, StringComparison.Ordinal));

        // She switches to "book straight in": the next place goes to the next family at once.
        await TestCourses.ChooseWaitlistFillAsync(app, "book-straight-in");
        var straightIn = Assert.IsType<CourseChangeOutcome.Updated>(
            await app.Get<ICourseManagementService>().UpdateAsync(course.Id, details.WithPlaces(3, 0), CancellationToken.None));

        Assert.Equal((1, 0), (straightIn.PromotedFromWaitlist, straightIn.OfferedToWaitlist));
        Assert.Equal(nameof(BookingStatus.Confirmed), (await TestCourses.BookingsAsync(app, course.Id)).Single(b => b.Reference == references[2]).Status);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:7071/api/claim-offer\?token=[A-Za-z0-9%._~-]+")]
    private static partial Regex ClaimLink();
}
