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
    private const string Hostile = FreePlaceFixtures.Hostile;

    private readonly SignedIn owner = new();
    private readonly FreePlaceFixtures freePlaces = new();
    private readonly Mock<ICourseManagementService> courses = new();
    private readonly InMemoryFreePlaceRequestStore requests = new();
    private readonly Mock<IRegisterService> registers = new();

    private ConsoleDashboardHttp Function() => new(
        owner.Guard(), new DashboardQuery(courses.Object, requests, freePlaces.Links(), registers.Object, owner.Clock), new DashboardPage(ConsoleTestSupport.Page()));

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
    public async Task It_shows_fill_levels_waiting_requests_with_fresh_review_links_and_the_weeks_bookings()
    {
        var today = HappyBabyHive.Time.UkTime.Today(owner.Clock);
        var running = SampleCourses.Massage(today.AddDays(-7), id: "running") with { GeneralPlacesTaken = 5, FreePlacesTaken = 1, WaitlistCount = 2, Title = "Running " + Hostile };
        var finished = SampleCourses.Massage(today.AddDays(-60), id: "finished") with { Title = "Finished course" };
        var requestId = FreePlaceRequestIds.New();
        var cancelled = SampleCourses.Massage(today.AddDays(14), id: "cancelled") with { Title = "Cancelled course", Status = CourseStatus.Cancelled };
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([cancelled, running, finished]);
        requests.Put(FreePlaceFixtures.Request(Hostile, "Ada", preferred: "running") with { Id = requestId, CreatedUtc = owner.Clock.GetUtcNow().AddDays(-1) });
        registers.Setup(r => r.ListRecentAsync(owner.Clock.GetUtcNow().AddDays(-7), It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new RecentBooking("running", running.Title, "ABCD-1234", "Jo Bloggs", IsFreePlace: false, IsWaitlisted: true, owner.Clock.GetUtcNow().AddHours(-3)),
        ]);

        var result = Assert.IsType<ContentResult>(await Function().ConsoleDashboard(owner.Get("/api/console"), CancellationToken.None));
        var html = result.Content!;

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("6 of 10 places booked", html, StringComparison.Ordinal);
        Assert.Contains("Free places: 1 of 2 given", html, StringComparison.Ordinal);
        Assert.Contains("Waitlist: 2 families", html, StringComparison.Ordinal);
        Assert.Contains("<meter min=\"0\" max=\"10\" value=\"6\" aria-hidden=\"true\"></meter>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Finished course", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled course", html, StringComparison.Ordinal);
        Assert.Contains("Jo Bloggs</strong> joined the waitlist for", html, StringComparison.Ordinal);

        // The review link is freshly signed for that request, so it works even after the emailed one expired.
        var link = System.Text.RegularExpressions.Regex.Match(html, "href=\"(https://hive.example/api/free-place-review\\?token=[^\"]+)\"").Groups[1].Value;
        var token = Uri.UnescapeDataString(System.Net.WebUtility.HtmlDecode(link).Split("token=")[1]);
        Assert.Equal(requestId, freePlaces.Links().Verify(token).Subject);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_is_never_framed_and_never_cached()
    {
        courses.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        registers.Setup(r => r.ListRecentAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var request = owner.Get("/api/console");

        var result = Assert.IsType<ContentResult>(await Function().ConsoleDashboard(request, CancellationToken.None));

        var headers = request.HttpContext.Response.Headers;
        Assert.EndsWith("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("happybabyhive.test", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", headers.XFrameOptions.ToString());
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Contains("No requests waiting for you.", result.Content, StringComparison.Ordinal);
        Assert.Contains($"name=\"csrf\" value=\"{owner.Session.CsrfToken}\"", result.Content, StringComparison.Ordinal);
    }
}
