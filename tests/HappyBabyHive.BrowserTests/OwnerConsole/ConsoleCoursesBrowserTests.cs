using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Settings;
using HappyBabyHive.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.OwnerConsole;

/// <summary>
/// The owner's day-to-day work in the console on her phone, in headless Chromium over real HTTP: add a course (after
/// a mistake), see it on the public course list, families book through the API and appear in the register (the
/// waitlist in order), download the register as CSV, duplicate the course, cancel it and see the emails arrive, and
/// change the settings. axe-core on every page; the README's screenshots on the way.
/// </summary>
[Collection(UsesApp.Name)]
public sealed class ConsoleCoursesBrowserTests(AppOverHttp app)
{
    [Fact]
    public async Task The_owner_adds_a_course_reads_its_register_downloads_it_and_cancels_it()
    {
        var phone = PageChecks.Phone();
        phone.AcceptDownloads = true;
        await using var context = await app.Browser.NewContextAsync(phone);
        var page = await context.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);
        await ConsoleSignIn.SignInAsync(app, page);
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // Add a course, first with the end before the start.
        var title = "Baby Yoga " + Guid.NewGuid().ToString("N")[..6];
        var firstDate = UkTime.Today(TimeProvider.System).AddDays(35);
        await page.GetByRole(AriaRole.Link, new() { Name = "Courses", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Courses");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a course" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Add a course");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("Kind of course").SelectOptionAsync("BabyYoga");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync("Six gentle weeks of stretches, songs and rest, for you and your baby.");
        await page.GetByLabel("Venue", new() { Exact = true }).FillAsync("The Hive Room, Cottingham");
        await page.GetByLabel("Venue address").FillAsync("Hallgate, Cottingham HU16 4DD");
        await page.GetByLabel("Date of the first session").FillAsync(firstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Starts at").FillAsync("10:30");
        await page.GetByLabel("Ends at").FillAsync("09:30");
        await page.GetByLabel("Number of weekly sessions").FillAsync("6");
        await page.GetByLabel("Places in total").FillAsync("3");
        await page.GetByLabel("Free places set aside").FillAsync("1");
        await page.GetByLabel("Price for the whole course, in pounds").FillAsync("54");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the course" }).ClickAsync();

        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#endTime-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync(title);
        await Assertions.Expect(page.GetByLabel("Ends at")).ToHaveValueAsync("09:30");
        await Assertions.Expect(page.GetByLabel("Kind of course")).ToHaveValueAsync("BabyYoga");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-course-error-phone.png");

        await page.GetByLabel("Ends at").FillAsync("11:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the course" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(page.GetByText("The course is added and open for bookings.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("0 of 3 places booked")).ToBeVisibleAsync();
        var courseUrl = page.Url;
        var courseId = courseUrl.Split('/')[^1].Split('?')[0];
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // It is on the public course list, at 10:30 UK time.
        using var http = app.Host.CreateClient();
        var listed = (await http.GetFromJsonAsync<JsonElement>("courses")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == courseId);
        Assert.Equal(title, listed.GetProperty("title").GetString());
        Assert.Equal(new TimeSpan(10, 30, 0), listed.GetProperty("firstSessionStartsAt").GetDateTimeOffset().TimeOfDay);
        Assert.Equal(6, listed.GetProperty("sessionCount").GetInt32());

        // Three families book through the API: two take the general places, the third waits.
        var families = new[] { ("Jo Bloggs", "Ada"), ("Sam Patel", "Ravi"), ("Alex Smith", "Poppy") }
            .Select(f => (Parent: f.Item1, Baby: f.Item2, Email: $"{f.Item1.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..6]}@example.co.uk"))
            .ToList();
        foreach (var family in families)
        {
            var booked = await http.PostAsJsonAsync("bookings", new
            {
                courseId,
                parentName = family.Parent,
                email = family.Email,
                phone = "07700 900123",
                babyFirstName = family.Baby,
                babyDateOfBirth = firstDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                acceptTerms = true,
            });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        // The register: booked families with their details, the waitlist in order.
        await page.GotoAsync(courseUrl.Split('?')[0]);
        await Assertions.Expect(page.GetByText("2 of 3 places booked")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Waitlist: 1 family")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Register", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Register: " + title);
        var booked1 = page.Locator("#booked-table tbody tr");
        await Assertions.Expect(booked1).ToHaveCountAsync(2);
        await Assertions.Expect(booked1.Nth(0)).ToContainTextAsync("Jo Bloggs");
        await Assertions.Expect(booked1.Nth(0)).ToContainTextAsync("07700 900123");
        await Assertions.Expect(booked1.Nth(0)).ToContainTextAsync("Ada");
        await Assertions.Expect(booked1.Nth(0)).ToContainTextAsync("10 weeks");
        // Card payments are off in this app, so a fee-paying place is owed by bank transfer or cash until she marks it paid (#16).
        await Assertions.Expect(booked1.Nth(0)).ToContainTextAsync("Unpaid £54.00: bank transfer or cash");
        await Assertions.Expect(booked1.Nth(1)).ToContainTextAsync("Sam Patel");
        var waiting = page.Locator("#waitlist-table tbody tr");
        await Assertions.Expect(waiting).ToHaveCountAsync(1);
        await Assertions.Expect(waiting.Nth(0)).ToContainTextAsync("Alex Smith");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-register-phone.png");

        // Printed, the navigation and buttons go and the register is a plain table.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".console-bar").IsVisibleAsync());
        Assert.Equal("table-row", await page.Locator("#booked-table tbody tr").First.EvaluateAsync<string>("r => getComputedStyle(r).display"));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The CSV download: a header and one row per family.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as a spreadsheet (CSV)" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal(1 + families.Count, csv.Count(l => l.Length > 0));
        Assert.Contains(csv, l => l.Contains("Jo Bloggs", StringComparison.Ordinal) && l.Contains("Ada", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.Contains("Alex Smith", StringComparison.Ordinal));

        // Duplicate to next month: one press, and the copy opens.
        await page.GotoAsync(courseUrl.Split('?')[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Duplicate to next month" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This is the copy for next month.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("0 of 3 places booked")).ToBeVisibleAsync();
        Assert.NotEqual(courseUrl.Split('?')[0], page.Url.Split('?')[0]);

        // Cancel: the confirmation says who will be emailed; then every family hears, with her message.
        await page.GotoAsync(courseUrl.Split('?')[0]);
        await PageChecks.ScreenshotAsync(app, page, "console-course-phone.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel this course" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cancel this course?");
        await Assertions.Expect(page.GetByText("We'll email 3 families")).ToBeVisibleAsync();
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("A message to the families (optional)").FillAsync("I'm so sorry: the hall has flooded. You'll get a full refund this week.");
        await PageChecks.ScreenshotAsync(app, page, "console-cancel-phone.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the course and email families" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The course is cancelled. 3 families are being emailed.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".tag.cancelled")).ToBeVisibleAsync();
        foreach (var family in families)
        {
            var email = await app.Maildev.WaitForAsync(family.Email, e => e.Subject.Contains("cancelled", StringComparison.Ordinal));
            Assert.Contains("the hall has flooded", email.Text, StringComparison.Ordinal);
        }

        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task The_dashboard_shows_fill_levels_and_a_waiting_request_links_to_its_review_page()
    {
        var course = await app.SeedCourseAsync("Baby Massage for Little Ones");
        using var http = app.Host.CreateClient();
        var asked = await http.PostAsJsonAsync("free-place-requests", new
        {
            courseId = course.Id,
            parentName = "Jo Bloggs",
            email = $"jo-{Guid.NewGuid():N}@example.co.uk",
            babyFirstName = "Ada",
            babyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            referralSource = "MindHullAndEastYorkshire",
            consentToStore = true,
        });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);

        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);

        // Other tests in the collection add courses with the same title, so the card is found by the course's own link.
        var card = page.Locator("li.card", new() { Has = page.Locator($"a[href$='/courses/{course.Id}']") });
        await Assertions.Expect(card).ToContainTextAsync("0 of 10 places booked");
        await Assertions.Expect(card).ToContainTextAsync("Free places: 0 of 2 given");
        await Assertions.Expect(card).ToContainTextAsync("No one on the waitlist");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "console-dashboard-phone.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Review the request from Jo Bloggs" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Free place request");
        // The session-guarded console page, not a freshly minted review link.
        Assert.Contains("/api/console/free-places/", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_changes_her_settings_and_a_mistake_keeps_what_she_typed()
    {
        // The settings are the app's, shared with the other tests: put them back afterwards.
        var store = app.Host.Services.GetRequiredService<IBusinessSettingsStore>();
        var before = await store.GetAsync(CancellationToken.None);
        try
        {
            await ChangeSettingsAsync();
        }
        finally
        {
            await store.SaveAsync(
                new BusinessSettingsInput { DeclineSignposting = before.DeclineSignposting, DonationPercent = before.DonationPercent.ToString(CultureInfo.InvariantCulture) },
                CancellationToken.None);
        }
    }

    private async Task ChangeSettingsAsync()
    {
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();
        await ConsoleSignIn.SignInAsync(app, page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Settings");
        await PageChecks.AssertNoAxeViolationsAsync(page);
        var signposting = "Your health visitor or GP is a good first step. Mind Hull and East Yorkshire offers free support: call 01482 240133.";

        await page.GetByLabel("Where families can find support").FillAsync(signposting);
        await page.GetByLabel("Percentage of each course fee donated to the charity").FillAsync("twelve");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Where families can find support")).ToHaveValueAsync(signposting);
        await PageChecks.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Percentage of each course fee donated to the charity").FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your settings are saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Percentage of each course fee donated to the charity")).ToHaveValueAsync("12.5");
        await Assertions.Expect(page.GetByLabel("Where families can find support")).ToHaveValueAsync(signposting);
        await PageChecks.ScreenshotAsync(app, page, "console-settings-phone.png");
    }

    private static List<string> CollectConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // A form sent back with its errors is a 422, which Chromium also logs; anything else (a CSP refusal) counts.
            if (message.Type == "error" && !message.Text.Contains("status of 422", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }
}
