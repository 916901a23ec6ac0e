using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Payments;

/// <summary>
/// The two other ways onto Stripe Checkout, each a form post answered with a 303 to it: "Pay now" on a held booking's
/// own page, and taking a place offered from the waitlist by card. A browser applies the page's CSP form-action to that
/// redirect, which no HTTP-level test sees (both pages once allowed only 'self', and the browser stopped there).
/// </summary>
[Collection(UsesPaidApp.Name)]
public sealed class PayLaterBrowserTests(PaidAppOverHttp app)
{
    private T Service<T>()
        where T : notnull => app.Host.Services.GetRequiredService<T>();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_parent_who_left_before_paying_pays_from_their_booking_page_and_is_booked(bool javaScript)
    {
        var course = await SeedAsync(capacity: 4, payAnotherWay: false);
        var email = NewEmail();
        using var http = app.Host.CreateClient();
        var held = await BookAsync(http, course, email, paymentMethod: "card");
        Assert.Equal("awaitingPayment", held.GetProperty("status").GetString());
        var reference = held.GetProperty("reference").GetString()!;
        var checkoutUrl = held.GetProperty("checkoutUrl").GetString()!;
        var sessionsCreated = app.Stripe.SessionsCreated;

        await using var phone = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await phone.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync(Service<BookingLinks>().ManageUrl(course, reference).AbsoluteUri))!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your place is held until");
        await PageChecks.AssertNoAxeViolationsOfAsync(page, javaScript);

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay now" }).ClickAsync();

        // The same Checkout Session the booking started, so nothing can be paid twice.
        await Assertions.Expect(page).ToHaveURLAsync(checkoutUrl);
        Assert.Equal(sessionsCreated, app.Stripe.SessionsCreated);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay £60.00" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're booked", new() { Timeout = 30_000 });
        await app.Maildev.WaitForAsync(email, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiting_family_takes_an_offered_place_by_card_and_is_booked_once_paid(bool javaScript)
    {
        var course = await SeedAsync(capacity: 1, payAnotherWay: true);
        using var http = app.Host.CreateClient();
        var first = (await BookAsync(http, course, NewEmail(), paymentMethod: "anotherWay")).GetProperty("reference").GetString()!;
        var email = NewEmail();
        var waiting = await BookAsync(http, course, email, paymentMethod: "card");
        Assert.Equal("waitlisted", waiting.GetProperty("status").GetString());
        var reference = waiting.GetProperty("reference").GetString()!;
        Assert.IsType<CancelOutcome.Cancelled>(await Service<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, first), ChangedBy.Owner, emailFamily: false, CancellationToken.None));
        var offer = (await Service<ICoursePartitionStore>().FindBookingAsync(course.Id, reference, CancellationToken.None))!;
        Assert.Equal(BookingStatus.Offered, offer.Status);

        await using var phone = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await phone.NewPageAsync();
        await page.GotoAsync(Service<BookingLinks>().ClaimUrl(course.Id, reference, offer.OfferExpiresUtc!.Value).AbsoluteUri);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("A place has opened up");
        await Assertions.Expect(page.GetByLabel("Pay by card now")).ToBeCheckedAsync();
        await PageChecks.AssertNoAxeViolationsOfAsync(page, javaScript);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, I'll take it" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.Stripe.BaseAddress.AbsoluteUri) + "c/pay/cs_test_"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay £60.00" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're booked", new() { Timeout = 30_000 });
        await app.Maildev.WaitForAsync(email, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.Equal(BookingStatus.Confirmed, (await Service<ICoursePartitionStore>().FindBookingAsync(course.Id, reference, CancellationToken.None))!.Status);
    }

    private async Task<Course> SeedAsync(int capacity, bool payAnotherWay)
    {
        var course = SampleCourses.Upcoming(capacity: capacity, freePlaces: 0) with
        {
            Title = "Gentle Baby Massage",
            Venue = "The Hive Room, Cottingham",
            PayAnotherWayAllowed = payAnotherWay,
        };
        Assert.True(await Service<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        return course;
    }

    private static async Task<JsonElement> BookAsync(HttpClient http, Course course, string email, string paymentMethod)
    {
        var response = await http.PostAsJsonAsync("bookings", new
        {
            courseId = course.Id,
            parentName = "Sam Smith",
            email,
            babyFirstName = "Ada",
            babyDateOfBirth = Dob(course),
            acceptTerms = true,
            paymentMethod,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
