using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Storage;
using HappyBabyHive.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.FreePlaces;

/// <summary>
/// The owner's journey end to end, in a real browser against the app over real HTTP: a family asks, the owner opens
/// the link from her email, reads the note, approves; the family's confirmation arrives; a second click, from another
/// device, shows it was already approved; an altered link is refused. Saves the README's screenshots on the way.
/// </summary>
[Collection(UsesApp.Name)]
public sealed partial class FreePlaceReviewBrowserTests(AppOverHttp app)
{
    // Realistic, because the screenshots go in the README; "really hard since Ada" is how the test spots it in emails.
    private const string Note = "Things have been really hard since Ada was born and I've been seeing someone at Mind. My health visitor suggested I ask about a place.";
    private const string NoteMarker = "really hard since Ada";

    [Fact]
    public async Task The_owner_approves_from_her_email_and_the_family_is_booked_once()
    {
        var course = await app.SeedCourseAsync("Baby Massage for Little Ones");
        var family = $"jo.bloggs.{Guid.NewGuid().ToString("N")[..6]}@example.co.uk";

        // A family asks, over HTTP, as the website's form would.
        using var http = app.Host.CreateClient();
        var response = await http.PostAsJsonAsync("free-place-requests", new
        {
            courseId = course.Id,
            parentName = "Jo Bloggs",
            email = family,
            phone = "07700 900456",
            babyFirstName = "Ada",
            babyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            referralSource = "MindHullAndEastYorkshire",
            note = Note,
            consentToStore = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString();

        // The owner's email links to the review page and never carries the note; nor does the family's. (The owner's
        // inbox is shared with the free-place form's tests, so this request's email is found by its reference.)
        var ownerEmail = await app.Maildev.WaitForAsync(app.OwnerEmail, e => e.Subject.StartsWith("Free place request from", StringComparison.Ordinal) && e.Text!.Contains($"Reference: {reference}", StringComparison.Ordinal));
        var received = await app.Maildev.WaitForAsync(family, e => e.Subject.Contains("received your request", StringComparison.Ordinal));
        foreach (var email in new[] { ownerEmail, received })
        {
            Assert.DoesNotContain(NoteMarker, email.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(NoteMarker, email.Html, StringComparison.Ordinal);
        }

        var link = ReviewLink().Match(ownerEmail.Text!).Value;
        Assert.StartsWith(app.Host.ApiBaseAddress.AbsoluteUri + "free-place-review?token=", link, StringComparison.Ordinal);

        // On her phone: the emailed link shows one button (so an email scanner opening the link uses nothing up);
        // pressing it uses the link, signs her in on this phone and opens the request in her console, with the note,
        // styled under the strict CSP, with no console errors.
        await using var phone = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });
        var page = await phone.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text + " " + message.Location);
            }
        };
        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.DoesNotContain(NoteMarker, await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the request" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Free place request");
        await Assertions.Expect(page.Locator(".note")).ToHaveTextAsync(Note);
        await Assertions.Expect(page.GetByText("Jo Bloggs", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = course.Title })).ToBeCheckedAsync();
        Assert.Equal("rgb(122, 78, 45)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('main button')).backgroundColor"));
        await ScreenshotAsync(page, "free-place-review-phone.png");
        await AssertAccessibleAsync(page);
        var requestPage = page.Url;

        // Opening the request changed nothing.
        Assert.Equal(0, (await CourseRowAsync(course.Id)).FreePlacesTaken);

        // The same emailed link, opened again on her laptop: it has been used, so it says so and changes nothing.
        await using var desktop = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var laptop = await desktop.NewPageAsync();
        await laptop.GotoAsync(link);
        var again = laptop.GetByRole(AriaRole.Button, new() { Name = "Open the request" });
        if (await again.CountAsync() > 0)
        {
            await again.ClickAsync();
        }

        await Assertions.Expect(laptop.GetByText("this one has been opened already")).ToBeVisibleAsync();
        Assert.DoesNotContain(NoteMarker, await laptop.ContentAsync(), StringComparison.Ordinal);

        // She approves on the phone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and book" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You approved this request")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "free-place-approved-phone.png");
        await AssertAccessibleAsync(page);

        // The family's confirmation arrives: free, with the calendar file, and without the note.
        var confirmation = await app.Maildev.WaitForAsync(family, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.DoesNotContain("to pay", confirmation.Text, StringComparison.Ordinal); // #16: a free place's email says nothing about money.
        Assert.DoesNotContain("£", confirmation.Text, StringComparison.Ordinal);
        Assert.Contains(confirmation.Attachments!, a => a.FileName.EndsWith(".ics", StringComparison.Ordinal));
        Assert.DoesNotContain(NoteMarker, confirmation.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(NoteMarker, confirmation.Html, StringComparison.Ordinal);

        // Opening the request again from the console shows the decision, with no decision buttons.
        await page.GotoAsync(requestPage);
        await Assertions.Expect(page.GetByText("This request has already been approved")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Approve and book" }).CountAsync());

        var stored = await CourseRowAsync(course.Id);
        Assert.Equal((1, 0), (stored.FreePlacesTaken, stored.GeneralPlacesTaken));
        Assert.Single(await app.Maildev.ToAsync(family), e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task A_tampered_or_broken_link_is_refused_with_a_clear_page()
    {
        var course = await app.SeedCourseAsync("Baby Massage for Little Ones");
        var family = $"family-{Guid.NewGuid():N}@example.co.uk";
        using var http = app.Host.CreateClient();
        var response = await http.PostAsJsonAsync("free-place-requests", new
        {
            courseId = "any",
            parentName = "Sam <b>Smith</b>",
            email = family,
            babyFirstName = "Bo",
            babyDateOfBirth = course.FirstSessionUkDate.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            referralSource = "Self",
            note = Note,
            consentToStore = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ownerEmail = await app.Maildev.WaitForAsync(app.OwnerEmail, e => e.Subject == "Free place request from Sam <b>Smith</b>");
        var link = ReviewLink().Match(ownerEmail.Text!).Value;
        var at = link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length + 8;
        var tampered = link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..];

        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var refused = await page.GotoAsync(tampered);
        var cut = await page.GotoAsync(link[..^10]);

        Assert.Equal(400, refused!.Status);
        Assert.Equal(400, cut!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This link doesn't work");
        await Assertions.Expect(page.GetByText("Nothing has been changed")).ToBeVisibleAsync();
        Assert.DoesNotContain(NoteMarker, await page.ContentAsync(), StringComparison.Ordinal);

        // The genuine link still works, and markup typed into a name shows as text, never as markup.
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the request" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Sam <b>Smith</b>", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main b").CountAsync());
    }


    private async Task<CourseEntity> CourseRowAsync(string courseId)
    {
        var storage = app.Host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var table = app.Host.Services.GetRequiredService<TableServiceClient>().GetTableClient(storage.BookingsTable);
        return (await table.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course)).Value;
    }

    /// <summary>axe-core's WCAG 2.x A and AA rules: the owner may use a screen reader, zoom, or only a keyboard.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        Assert.NotEmpty(result.Passes); // axe really ran under the page's strict CSP
        Assert.True(result.Violations.Length == 0, string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} elements)")));
    }

    /// <summary>
    /// Saves a screenshot in the test output, or into docs/screenshots for the README when HBH_UPDATE_SCREENSHOTS=1
    /// (they show today's dates and fresh references, so refreshing them on every run would only churn the repo).
    /// </summary>
    private async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("HBH_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(app.RepositoryRootPath, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api/free-place-review\?token=[A-Za-z0-9_\-.%]+")]
    private static partial Regex ReviewLink();
}
