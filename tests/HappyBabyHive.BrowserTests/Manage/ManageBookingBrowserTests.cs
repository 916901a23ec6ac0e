using HappyBabyHive.Courses.Partition;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Manage;

/// <summary>
/// The family's own pages in a real browser, on a phone, against the app over real HTTP: open the manage link, see the
/// booking, cancel with the "are you sure?" step; open an offer's claim link and take the place. axe checks every page
/// on the way (axe is a script, so it runs where JavaScript is on); the same journeys run with JavaScript off, as the
/// pages must work without it.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class ManageBookingBrowserTests(AppOverHttp app)
{
    private T Service<T>()
        where T : notnull => app.Host.Services.GetRequiredService<T>();

    private async Task<Course> SeedAsync(int capacity, int freePlaces)
    {
        var course = SampleCourses.Upcoming(capacity: capacity, freePlaces: freePlaces) with { Title = "Baby Massage for Little Ones", Venue = "The Hive Room, Cottingham" };
        Assert.True(await Service<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        return course;
    }

    private static Task AxeAsync(IPage page, bool javaScript) => javaScript ? PageChecks.AssertNoAxeViolationsAsync(page) : Task.CompletedTask;

    private Task ScreenshotAsync(IPage page, string name, bool javaScript) => javaScript ? PageChecks.ScreenshotAsync(app, page, name) : Task.CompletedTask;

    private static async Task<string> BookAsync(HttpClient http, Course course, string parent, string baby)
    {
        var response = await http.PostAsJsonAsync("bookings", new
        {
            courseId = course.Id,
            parentName = parent,
            email = $"{parent.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..6]}@example.co.uk",
            phone = "07700 900123",
            babyFirstName = baby,
            babyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            acceptTerms = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_family_opens_their_booking_and_cancels_after_saying_yes_to_are_you_sure(bool javaScript)
    {
        var course = await SeedAsync(capacity: 4, freePlaces: 1);
        using var http = app.Host.CreateClient();
        var reference = await BookAsync(http, course, "Jo Bloggs", "Ada");
        var link = Service<BookingLinks>().ManageUrl(course, reference).AbsoluteUri;

        await using var phone = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await phone.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your booking");
        await Assertions.Expect(page.Locator("[data-slot=reference]")).ToHaveTextAsync(reference);
        await Assertions.Expect(page.Locator("[data-slot=sessions] li")).ToHaveCountAsync(course.Sessions.Count);
        await Assertions.Expect(page.GetByText("You're booked.")).ToBeVisibleAsync();
        await AxeAsync(page, javaScript);
        await ScreenshotAsync(page, "manage-booking-phone.png", javaScript);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my place" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Are you sure?");
        await AxeAsync(page, javaScript);
        Assert.Equal(1, (await Service<ICoursePartitionStore>().LoadAsync(course.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);

        // "No" goes back to the booking untouched. The same question is left open in a second tab (a stale page).
        await page.GetByRole(AriaRole.Link, new() { Name = "No, keep my place" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your booking");
        var staleTab = await phone.NewPageAsync();
        await staleTab.GotoAsync(link);
        await staleTab.GetByRole(AriaRole.Button, new() { Name = "Cancel my place" }).ClickAsync();
        await Assertions.Expect(staleTab.Locator("h1")).ToHaveTextAsync("Are you sure?");

        // "Yes" cancels.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my place" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my place" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your booking is cancelled");
        await AxeAsync(page, javaScript);

        // Confirming again from the stale tab is harmless and says what happened.
        await staleTab.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my place" }).ClickAsync();
        await Assertions.Expect(staleTab.Locator("h1")).ToHaveTextAsync("Already cancelled");

        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByText("This booking was cancelled")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my place" }).CountAsync());
        var stored = (await Service<ICoursePartitionStore>().LoadAsync(course.Id, CancellationToken.None))!.Course;
        Assert.Equal(0, stored.GeneralPlacesTaken);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiting_family_offered_a_place_takes_it_from_the_claim_page(bool javaScript)
    {
        var course = await SeedAsync(capacity: 2, freePlaces: 1);
        using var http = app.Host.CreateClient();
        var booked = await BookAsync(http, course, "Sam Patel", "Ravi");
        var waiting = await BookAsync(http, course, "Alex Smith", "Poppy");
        Assert.IsType<CancelOutcome.Cancelled>(await Service<IBookingChangeService>().CancelAsync(new BookingKey(course.Id, booked), ChangedBy.Owner, emailFamily: false, CancellationToken.None));
        var offer = (await Service<ICoursePartitionStore>().FindBookingAsync(course.Id, waiting, CancellationToken.None))!;
        Assert.Equal(BookingStatus.Offered, offer.Status);
        var link = Service<BookingLinks>().ClaimUrl(course.Id, waiting, offer.OfferExpiresUtc!.Value).AbsoluteUri;

        await using var phone = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await phone.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("A place has opened up");
        await Assertions.Expect(page.Locator("[data-slot=held-until]")).ToHaveTextAsync($"{Time.UkDateFormat.DayAndDate(offer.OfferExpiresUtc.Value)} at {Time.UkDateFormat.Clock(offer.OfferExpiresUtc.Value)}");
        await AxeAsync(page, javaScript);
        await ScreenshotAsync(page, "claim-offer-phone.png", javaScript);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, I'll take it" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("The place is yours");
        await AxeAsync(page, javaScript);

        // The link again: already theirs, and its way on opens their booking page.
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This place is already yours");
        await page.GetByRole(AriaRole.Link, new() { Name = "See your booking" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You're booked.")).ToBeVisibleAsync();
        Assert.Equal(BookingStatus.Confirmed, (await Service<ICoursePartitionStore>().FindBookingAsync(course.Id, waiting, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_family_moves_to_another_course_after_choosing_it_and_saying_yes()
    {
        var from = await SeedAsync(capacity: 4, freePlaces: 1);
        var to = SampleCourses.Massage(from.FirstSessionUkDate.AddDays(7), "massage-move-" + Guid.NewGuid().ToString("N")[..8], capacity: 4, freePlaces: 1)
            with { Title = "Baby Massage, the next course", Venue = "The Hive Room, Beverley" };
        Assert.True(await Service<ICourseStore>().TryAddAsync(to, CancellationToken.None));
        using var http = app.Host.CreateClient();
        var reference = await BookAsync(http, from, "Mo Khan", "Zara");
        var link = Service<BookingLinks>().ManageUrl(from, reference).AbsoluteUri;

        await using var phone = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript: true));
        var page = await phone.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to another course" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Move to another course");
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Baby Massage, the next course", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Are you sure?");
        Assert.Equal(1, (await Service<ICoursePartitionStore>().LoadAsync(from.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, move my booking" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You've moved course");
        await PageChecks.AssertNoAxeViolationsAsync(page);

        var moved = (await Service<ICoursePartitionStore>().FindBookingAsync(from.Id, reference, CancellationToken.None))!;
        Assert.Equal((BookingStatus.Cancelled, CancellationReason.MovedAway, to.Id), (moved.Status, moved.CancellationReason, moved.MovedTo!.CourseId));
        var arrived = (await Service<ICoursePartitionStore>().FindBookingAsync(to.Id, moved.MovedTo.Reference, CancellationToken.None))!;
        Assert.Equal((BookingStatus.Confirmed, "Zara"), (arrived.Status, arrived.BabyFirstName));
        await Assertions.Expect(page.GetByText(arrived.Reference)).ToBeVisibleAsync();
        Assert.Equal(0, (await Service<ICoursePartitionStore>().LoadAsync(from.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);
        Assert.Equal(1, (await Service<ICoursePartitionStore>().LoadAsync(to.Id, CancellationToken.None))!.Course.GeneralPlacesTaken);
    }

    [Fact]
    public async Task A_tampered_manage_link_gets_a_kind_page()
    {
        var course = await SeedAsync(capacity: 4, freePlaces: 1);
        var link = Service<BookingLinks>().ManageUrl(course, "ABCD-EFGH").AbsoluteUri;

        await using var context = await app.Browser.NewContextAsync(PageChecks.Desktop());
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(link[..^4] + (link[^4] == 'A' ? "B" : "A") + link[^3..]);

        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This link doesn't look right");
        await Assertions.Expect(page.GetByText(app.OwnerEmail, new() { Exact = false })).ToBeVisibleAsync();
        await PageChecks.AssertNoAxeViolationsAsync(page);
    }
}
