using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.OwnerConsole;

/// <summary>
/// The owner's single-booking actions on her phone, in headless Chromium over real HTTP: cancel one booking through its
/// confirm step and see the place offered to the waitlist; tick attendance during a class (plain form posts, no script
/// on the page) with targets big enough for a thumb. axe-core on every page.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class ConsoleBookingsBrowserTests(AppOverHttp app)
{
    [Fact]
    public async Task The_owner_cancels_one_booking_after_confirming_and_the_place_is_offered_to_the_family_waiting()
    {
        var (course, families) = await CourseWithFamiliesAsync(capacity: 3, freePlaces: 1, ("Jo Bloggs", "Ada"), ("Sam Patel", "Ravi"), ("Alex Smith", "Poppy"));
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);
        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app, $"/courses/{course.Id}/register").ToString());
        await Assertions.Expect(page.Locator("#waitlist-table tbody tr")).ToHaveCountAsync(1);
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // The confirm step: nothing changes until the button.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel Jo Bloggs's booking" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cancel this booking?");
        await Assertions.Expect(page.GetByText("offered straight away to the first family on the waitlist")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Email the family to tell them")).ToBeCheckedAsync();
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-cancel-booking-phone.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keep it" }).ClickAsync();
        await Assertions.Expect(page.Locator("#booked-table tbody tr")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel Jo Bloggs's booking" }).ClickAsync();

        // An old tab with the same confirm page open, pressed after the first: harmless.
        var oldTab = await context.NewPageAsync();
        await oldTab.GotoAsync(page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel this booking" }).ClickAsync();

        // Back on the register: Jo is gone, Alex (who was waiting) has been offered the place.
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync("That booking is cancelled, and the place has been offered to the first family on the waitlist.");
        await Assertions.Expect(page.Locator("#booked-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#booked-table")).Not.ToContainTextAsync("Jo Bloggs");
        await Assertions.Expect(page.GetByText("No one is waiting.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ul.offers li")).ToContainTextAsync("Alex Smith (Poppy): offered a place until");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-register-offers-phone.png");

        // The old tab's press changes nothing more, and says so.
        await oldTab.GetByRole(AriaRole.Button, new() { Name = "Cancel this booking" }).ClickAsync();
        await Assertions.Expect(oldTab.Locator(".flash")).ToHaveTextAsync("That booking was already cancelled, so nothing changed.");
        await Assertions.Expect(oldTab.Locator("ul.offers li")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_owner_ticks_families_off_during_the_class_on_her_phone()
    {
        var (course, families) = await CourseWithFamiliesAsync(capacity: 10, freePlaces: 2, ("Jo Bloggs", "Ada"), ("Sam Patel", "Ravi"));
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);
        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app, $"/courses/{course.Id}/register").ToString());

        var firstSession = page.Locator(".session-links a").First;
        await Assertions.Expect(firstSession).ToContainTextAsync("Take attendance");
        await firstSession.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Attendance: session 1 of 5");
        await Assertions.Expect(page.Locator("p.summary-line")).ToHaveTextAsync("0 families here of 2 booked.");
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // Every family is a button a thumb can't miss: full width and at least 44 CSS pixels tall.
        var buttons = page.Locator("button.tick");
        await Assertions.Expect(buttons).ToHaveCountAsync(2);
        foreach (var button in await buttons.AllAsync())
        {
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box.Height >= 44 && box.Width >= 300, $"A tick button is {box.Width}x{box.Height}.");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Jo Bloggs and Ada" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.summary-line")).ToHaveTextAsync("1 family here of 2 booked.");
        await Assertions.Expect(page.Locator("button.tick.here")).ToContainTextAsync("Jo Bloggs and Ada");
        await Assertions.Expect(page.Locator("button.tick.here")).ToContainTextAsync("Here (tap to undo)");
        Assert.EndsWith("#b-" + families[0].Reference, page.Url, StringComparison.Ordinal);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-attendance-phone.png");

        // A mis-tap is undone with another tap.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sam Patel and Ravi" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.summary-line")).ToHaveTextAsync("2 families here of 2 booked.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sam Patel and Ravi" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.summary-line")).ToHaveTextAsync("1 family here of 2 booked.");

        // The register keeps count, session by session.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the register" }).ClickAsync();
        await Assertions.Expect(page.Locator(".session-links a").First).ToContainTextAsync("1 family came");
        await Assertions.Expect(page.Locator("#booked-table tbody tr", new() { HasText = "Jo Bloggs" }).Locator("td[data-label=Came]")).ToHaveTextAsync("1 of 5 sessions");
    }

    [Fact]
    public async Task The_owner_taps_a_familys_payment_words_on_the_register_and_marks_a_bank_transfer_paid()
    {
        // Card payments are off here, so a place on a paid course is booked owing by bank transfer or cash.
        var (course, _) = await CourseWithFamiliesAsync(capacity: 10, freePlaces: 2, ("Jo Bloggs", "Ada"));
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);
        await page.GotoAsync(ConsoleSignIn.ConsoleUrl(app, $"/courses/{course.Id}/register").ToString());

        var link = page.Locator("#booked-table tbody tr", new() { HasText = "Jo Bloggs" }).Locator("td[data-label=Payment] a");
        await Assertions.Expect(link).ToHaveTextAsync("Unpaid £60.00: bank transfer or cash");
        var box = (await link.BoundingBoxAsync())!;
        Assert.True(box.Height >= 44, $"The payment link is {box.Width}x{box.Height}.");
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await link.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Payment");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "They've paid" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync("Marked paid.");
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the register" }).ClickAsync();
        await Assertions.Expect(link).ToContainTextAsync("Paid £60.00");
    }

    /// <summary>A course a month away with <paramref name="capacity"/> places, and families booked through the API in order.</summary>
    private async Task<(Course Course, List<(string Parent, string Baby, string Email, string Reference)> Families)> CourseWithFamiliesAsync(
        int capacity, int freePlaces, params (string Parent, string Baby)[] families)
    {
        var course = SampleCourses.Upcoming(capacity: capacity, freePlaces: freePlaces) with { Title = "Baby Massage " + Guid.NewGuid().ToString("N")[..6], Venue = "The Hive Room, Cottingham" };
        Assert.True(await app.Host.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None));
        using var http = app.Host.CreateClient();
        var booked = new List<(string, string, string, string)>();
        foreach (var (parent, baby) in families)
        {
            var email = $"{parent.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..6]}@example.co.uk";
            var response = await http.PostAsJsonAsync("bookings", new
            {
                courseId = course.Id,
                parentName = parent,
                email,
                phone = "07700 900123",
                babyFirstName = baby,
                babyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                acceptTerms = true,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            booked.Add((parent, baby, email, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!));
        }

        return (course, booked);
    }
}
