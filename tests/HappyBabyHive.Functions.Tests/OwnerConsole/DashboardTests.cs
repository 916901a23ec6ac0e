using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Registers;
using HappyBabyHive.Tests.FreePlaces;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class DashboardTests
{
    private static readonly string Hostile = HappyBabyHive.TestSupport.HostileHtml.AllInOne;

    private readonly SignedIn owner = new();
    private readonly Mock<ICourseManagementService> courses = new();
    private readonly InMemoryFreePlaceRequestStore requests = new();
    private readonly Mock<IRegisterService> registers = new();

    private readonly Mock<IRemindersDue> reminders = new();

    public DashboardTests()
    {
        registers.Setup(r => r.FiguresAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(new BookingFigures(0, 0));
        registers.Setup(r => r.OwedAsync(It.IsAny<CancellationToken>())).ReturnsAsync(MoneyOwed.None);
    }

    [Fact]
    public async Task It_shows_what_is_still_owed_per_course_linking_to_each_register()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.OwedAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new MoneyOwed(
            18550, 3, 1, [new CourseOwed("massage", Hostile + "massage", 12000, 2), new CourseOwed("yoga", "Baby yoga", 6550, 1)]));

        var result = Assert.IsType<ContentResult>(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));
        using var page = ConsoleTestSupport.Parse(result);

        HappyBabyHive.TestSupport.HostileHtml.AssertOnlyText(result.Content!, Hostile + "massage");
        Assert.Equal("£185.50 still owed by 3 families (1 is paying by card right now).", page.QuerySelector("#owed + p")!.TextContent);
        Assert.Equal(
            [(Hostile + "massage: £120.00 from 2 families", "/api/console/courses/massage/register"), ("Baby yoga: £65.50 from 1 family", "/api/console/courses/yoga/register")],
            page.QuerySelectorAll("ul.owed li").Select(li => (li.TextContent, li.QuerySelector("a")!.GetAttribute("href"))));
    }

    [Fact]
    public async Task When_nothing_is_owed_it_says_so()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        using var page = ConsoleTestSupport.Parse(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));

        Assert.StartsWith("Every family booked on an upcoming course has paid", page.QuerySelector("#owed + p")!.TextContent, StringComparison.Ordinal);
    }

    private ConsoleDashboardHttp Function(bool withReminders = false) => new(
        owner.Guard(),
        new DashboardQuery(courses.Object, requests, registers.Object, owner.Clock, withReminders ? reminders.Object : null),
        new DashboardPage(ConsoleTestSupport.Page()));

    [Fact]
    public async Task Without_a_session_it_redirects_and_reads_nothing()
    {
        var request = ConsoleTestSupport.WithCookie(null);

        var result = await Function().ConsoleDashboard(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        courses.VerifyNoOtherCalls();
        Assert.Equal(0, requests.Reads);
        registers.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task It_shows_fill_levels_waiting_requests_with_links_to_their_console_pages_and_the_weeks_bookings()
    {
        var today = HappyBabyHive.Time.UkTime.Today(owner.Clock);
        var running = SampleCourses.Massage(today.AddDays(-7), id: "running") with { GeneralPlacesTaken = 5, FreePlacesTaken = 1, WaitlistCount = 2, Title = Hostile + "title", Venue = Hostile + "venue" };
        var finished = SampleCourses.Massage(today.AddDays(-60), id: "finished") with { Title = "Finished course" };
        var requestId = FreePlaceRequestIds.New();
        var cancelled = SampleCourses.Massage(today.AddDays(14), id: "cancelled") with { Title = "Cancelled course", Status = CourseStatus.Cancelled };
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([cancelled, running, finished]);
        requests.Put(FreePlaceFixtures.Request(Hostile + "parent", Hostile + "baby", preferred: "running") with { Id = requestId, CreatedUtc = owner.Clock.GetUtcNow().AddDays(-1) });
        registers.Setup(r => r.ListRecentAsync(owner.Clock.GetUtcNow().AddDays(-7), It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new RecentBooking("running", running.Title, "ABCD-1234", "Jo Bloggs", IsFreePlace: false, IsWaitlisted: true, owner.Clock.GetUtcNow().AddHours(-3)),
            new RecentBooking("running", running.Title, "EFGH-5678", Hostile + "booker", IsFreePlace: true, IsWaitlisted: false, owner.Clock.GetUtcNow().AddHours(-2)),
        ]);

        var result = Assert.IsType<ContentResult>(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));
        using var page = ConsoleTestSupport.Parse(result);

        Assert.Equal(200, result.StatusCode);
        HappyBabyHive.TestSupport.HostileHtml.AssertOnlyText(result.Content!, Hostile + "title", Hostile + "venue", Hostile + "parent", Hostile + "baby", Hostile + "booker");
        var card = Assert.Single(page.QuerySelectorAll("#courses + ul > li.card"));
        Assert.Equal(Hostile + "title", card.QuerySelector("h3 a[href='/api/console/courses/running']")!.TextContent);
        Assert.Equal("Running now", card.QuerySelector("h3 .tag")!.TextContent);
        Assert.Equal(["6 of 10 places booked", "Free places: 1 of 2 given"], card.QuerySelectorAll(".gauge p").Select(p => p.TextContent));
        Assert.Equal(["10", "6", "true"], new[] { "max", "value", "aria-hidden" }.Select(card.QuerySelector("meter")!.GetAttribute));
        Assert.Equal("Waitlist: 2 families", card.QuerySelector(".fill > p.summary-line")!.TextContent);
        Assert.Equal("/api/console/courses/running/register", card.QuerySelector("a[href$='/register']")!.GetAttribute("href"));
        Assert.DoesNotContain("Finished course", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled course", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["Jo Bloggs joined the waitlist for", Hostile + "booker has a free place on"],
            page.QuerySelectorAll("#recent + ul > li").Select(li => li.TextContent[..li.TextContent.IndexOf(" " + Hostile + "title", StringComparison.Ordinal)]));

        // The review goes to the console's own page for the request (session-guarded), never a freshly minted bearer link.
        var pending = Assert.Single(page.QuerySelectorAll("#requests + ul > li.card"));
        Assert.Equal($"{Hostile}parent and {Hostile}baby", pending.QuerySelector("h3")!.TextContent);
        Assert.Equal("/api/console/free-places/" + requestId, pending.QuerySelector("a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_console_is_never_framed_and_never_cached()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var request = owner.Get("/api/console");

        using var page = ConsoleTestSupport.Parse(await Function().ConsoleDashboard(request, CancellationToken.None));

        var headers = request.HttpContext.Response.Headers;
        Assert.EndsWith("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("happybabyhive.test", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", headers.XFrameOptions.ToString());
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Equal("No requests waiting for you.", page.QuerySelector("#requests + p")!.TextContent);
    }

    [Fact]
    public async Task The_navigation_marks_where_she_is_and_signs_out_with_the_sessions_token()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        using var page = ConsoleTestSupport.Parse(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));

        var bar = page.QuerySelector("body > header.console-bar")!;
        var links = bar.QuerySelectorAll("nav[aria-label=Console] a").ToList();
        Assert.Equal(["/api/console", "/api/console/courses", "/api/console/tips", "/api/console/reports/donations", "/api/console/settings", "/api/console/devices"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["page", null, null, null, null, null], links.Select(a => a.GetAttribute("aria-current")));
        var signOut = bar.QuerySelector("form[method=post][action='/api/console/sign-out']")!;
        Assert.Equal(owner.Session.CsrfToken, signOut.QuerySelector("input[type=hidden][name=csrf]")!.GetAttribute("value"));
        Assert.Equal("Sign out", signOut.QuerySelector("button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task The_week_at_a_glance_counts_offers_cancellations_since_monday_and_reminders_due()
    {
        // Wednesday 25 November 2026, 12:00 UTC: the UK week began Monday 23 November at 00:00 (GMT).
        var monday = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var now = owner.Clock.GetUtcNow();
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.FiguresAsync(monday, It.IsAny<CancellationToken>())).ReturnsAsync(new BookingFigures(OffersWaiting: 2, Cancelled: 1));
        reminders.Setup(r => r.CountDueAsync(now, now.AddDays(7), It.IsAny<CancellationToken>())).ReturnsAsync(12);

        using var page = ConsoleTestSupport.Parse(await Function(withReminders: true).ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));

        Assert.Equal(
            ["2 offers of a place waiting for a family's answer", "1 cancellation since Monday", "12 reminder emails due in the next 7 days"],
            page.QuerySelectorAll("ul.figures li").Select(li => li.TextContent));
    }

    [Fact]
    public async Task Without_the_reminders_feature_the_reminders_figure_is_left_out_not_shown_as_zero()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        using var page = ConsoleTestSupport.Parse(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));

        Assert.Equal(2, page.QuerySelectorAll("ul.figures li").Length);
        Assert.DoesNotContain("reminder", page.QuerySelector("ul.figures")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-25T12:00:00Z", "2026-11-23T00:00:00Z")] // Wednesday in GMT
    [InlineData("2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z")] // Monday midnight itself
    [InlineData("2026-11-22T23:59:00Z", "2026-11-16T00:00:00Z")] // Sunday night still the week before
    [InlineData("2027-04-01T09:00:00Z", "2027-03-28T23:00:00Z")] // Thursday in BST: Monday 00:00 UK is Sunday 23:00 UTC
    [InlineData("2027-03-29T08:00:00Z", "2027-03-28T23:00:00Z")] // the Monday after the clocks went forward
    [InlineData("2027-11-02T10:00:00Z", "2027-11-01T00:00:00Z")] // the week after the clocks went back
    public void This_week_starts_on_monday_at_midnight_uk_time(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DashboardQuery.UkWeekStart(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
