using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.Tests.OwnerConsole;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.FreePlaces;

/// <summary>The console's page for one free-place request: the family's note needs a recent sign-in; decisions carry the CSRF token.</summary>
public sealed class FreePlaceReviewHttpTests
{
    private const string RequestId = "fp-k7m3q9xpa2";
    private const string Path = "/api/console/free-places/" + RequestId;

    private readonly FreePlaceFixtures f = new();
    private readonly SignedIn owner = new();
    private readonly InMemoryFreePlaceRequestStore store = new();
    private readonly Mock<ICourseStore> courses = new();
    private readonly Mock<IFreePlaceDecisionService> decisions = new(MockBehavior.Strict);
    private readonly Mock<HappyBabyHive.Settings.IBusinessSettingsStore> settings = new();
    private readonly ConsoleFreePlacesHttp function;
    private readonly DecisionSummary approved = new(
        FreePlaceStatus.Approved, new DateTimeOffset(2027, 2, 1, 9, 5, 0, TimeSpan.Zero), DecisionRoute.Link, "massage-test", "Baby Massage", "K7M3-Q9XP", PlaceKind.Free);

    public FreePlaceReviewHttpTests()
    {
        store.Put(FreePlaceFixtures.Request());
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "massage-test")]);
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new HappyBabyHive.Settings.BusinessSettings("SAVED SIGNPOST: the owner's own words.", 10, f.Clock.GetUtcNow()));
        function = new ConsoleFreePlacesHttp(owner.Guard(), new FreePlaceReviewQuery(store, courses.Object, settings.Object, f.Clock), decisions.Object, f.ReviewPage());
    }

    private Task<IActionResult> Show(string requestId = RequestId) => function.ConsoleFreePlaceRequest(owner.Get("/api/console/free-places/" + requestId), requestId, CancellationToken.None);

    private Task<IActionResult> Decide(HttpRequest request) => function.ConsoleDecideFreePlace(request, RequestId, CancellationToken.None);

    private HttpRequest Post(Dictionary<string, string> fields, string? origin = "https://app.happybabyhive.test", string? fetchSite = "same-origin")
    {
        var request = owner.Post(Path, fields.Select(kv => (kv.Key, kv.Value)).ToArray());
        request.Headers.Remove("Sec-Fetch-Site");
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return request;
    }

    private static Dictionary<string, string> Approve() => new()
    {
        ["decision"] = "approve",
        ["courseId"] = "massage-test",
    };

    [Fact]
    public async Task The_page_shows_the_request_and_its_forms_post_back_with_the_csrf_token_and_no_bearer_token()
    {
        var page = Assert.IsType<ContentResult>(await Show());

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("PRIVATE-NOTE", page.Content, StringComparison.Ordinal);
        Assert.Contains("Approve and book", page.Content, StringComparison.Ordinal);
        using var document = HostileHtml.Parse(page.Content!);
        Assert.NotEmpty(document.Forms);
        Assert.All(document.Forms, form =>
        {
            Assert.Equal(Path, form.GetAttribute("action"));
            Assert.Equal(owner.Session.CsrfToken, form.QuerySelector("input[name=csrf]")?.GetAttribute("value"));
            Assert.Null(form.QuerySelector("input[name=token]"));
        });
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Without_a_recent_sign_in_the_note_is_not_shown_and_a_fresh_link_is_offered()
    {
        owner.Clock.Advance(TimeSpan.FromMinutes(16));

        var page = Assert.IsType<ContentResult>(await Show());

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Confirm it", page.Content, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/console/confirm-sign-in\"", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE-NOTE", page.Content, StringComparison.Ordinal);
        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task Without_a_recent_sign_in_a_decision_is_not_made()
    {
        owner.Clock.Advance(TimeSpan.FromMinutes(16));

        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve())));

        Assert.Contains("Confirm it", page.Content, StringComparison.Ordinal);
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Without_a_session_it_redirects_to_sign_in_and_reads_nothing()
    {
        var result = await function.ConsoleFreePlaceRequest(ConsoleTestSupport.WithCookie(null, path: Path), RequestId, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task The_decline_form_quotes_the_signposting_the_owner_saved_not_the_configured_default()
    {
        var page = Assert.IsType<ContentResult>(await Show());

        Assert.Contains("SAVED SIGNPOST: the owner&#x27;s own words.", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Options.DeclineSignposting, page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_an_approval_is_running_the_page_says_so()
    {
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Approving));

        var page = Assert.IsType<ContentResult>(await Show());

        Assert.Contains("being approved right now", page.Content, StringComparison.Ordinal);
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_request_that_is_gone_is_a_friendly_404() =>
        Assert.Equal(404, Assert.IsType<ContentResult>(await Show("fp-0000000000")).StatusCode);

    [Fact]
    public async Task Approving_with_the_button_decides_for_the_request_named_by_the_route_only()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(approved));
        var fields = Approve();
        fields["requestId"] = "fp-zzzzzzzzzz";

        var page = Assert.IsType<ContentResult>(await Decide(Post(fields)));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("<h1>Place approved</h1>", page.Content, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", page.Content, StringComparison.Ordinal);
        decisions.VerifyAll();
    }

    [Fact]
    public async Task A_general_place_is_given_only_when_the_box_is_ticked()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", true, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(approved with { PlaceKind = PlaceKind.General }));
        var fields = Approve();
        fields["useGeneralPlace"] = "true";

        Assert.Equal(200, Assert.IsType<ContentResult>(await Decide(Post(fields))).StatusCode);
        decisions.VerifyAll();
    }

    [Fact]
    public async Task No_free_places_left_is_a_409_page_that_offers_a_general_place()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.NoFreePlacesLeft("Baby Massage", 3));

        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve())));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("There are no free places left on Baby Massage. You can give a general place instead", page.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"useGeneralPlace\" value=\"true\" checked", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clicking_again_shows_it_was_already_approved()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.AlreadyDecided(approved));

        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve())));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("<h1>Already approved</h1>", page.Content, StringComparison.Ordinal);
        Assert.Contains("This request has already been approved", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Losing_a_race_to_another_device_says_only_that_the_request_was_already_approved()
    {
        // The other device claimed the request first (this one is told "in progress") and had finished by the time
        // this page was built, so the page must not also say "being approved right now".
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.InProgress());
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Approved) with
        {
            DecidedUtc = approved.DecidedUtc,
            DecidedVia = DecisionRoute.Link,
            ApprovedCourseId = "massage-test",
            BookingReference = "K7M3-Q9XP",
            PlaceKind = PlaceKind.Free,
        });

        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve())));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("<h1>Already approved</h1>", page.Content, StringComparison.Ordinal);
        Assert.Contains("This request has already been approved", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("right now", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Losing_a_race_while_the_other_approval_is_still_running_says_only_that_it_is_running()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.InProgress());
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Approving));

        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve())));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("being approved right now", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("already been", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_passes_the_owners_message()
    {
        decisions.Setup(d => d.DeclineAsync(RequestId, "Next term?", DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Declined(approved with { Status = FreePlaceStatus.Declined, CourseId = null, BookingReference = null, PlaceKind = null }));
        var fields = new Dictionary<string, string> { ["decision"] = "decline", ["message"] = "Next term?" };

        var page = Assert.IsType<ContentResult>(await Decide(Post(fields)));

        Assert.Contains("<h1>Request declined</h1>", page.Content, StringComparison.Ordinal);
        decisions.VerifyAll();
    }

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData("null", "cross-site")]
    [InlineData("garbage", null)]
    [InlineData(null, "cross-site")]
    [InlineData("https://hive.example", "same-site")]
    public async Task A_post_from_another_site_is_refused_before_anything_is_read(string? origin, string? fetchSite)
    {
        var page = Assert.IsType<ContentResult>(await Decide(Post(Approve(), origin, fetchSite)));

        Assert.Equal(403, page.StatusCode);
        decisions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("null", "same-origin")]
    [InlineData("http://127.0.0.1:7071", "same-origin")]
    public async Task A_post_from_the_page_itself_is_judged_by_its_csrf_token(string? origin, string? fetchSite)
    {
        // "Origin: null" is what Chromium sends from our own page, whose Referrer-Policy is no-referrer.
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(approved));
        var request = Post(Approve(), origin, fetchSite);
        if (origin == "http://127.0.0.1:7071")
        {
            request.Host = new HostString("127.0.0.1:7071");
        }

        Assert.Equal(200, Assert.IsType<ContentResult>(await Decide(request)).StatusCode);
    }

    [Fact]
    public async Task A_json_post_is_refused()
    {
        var page = Assert.IsType<ContentResult>(await Decide(Json()));

        Assert.InRange(page.StatusCode!.Value, 400, 499);
        decisions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("multipart/form-data", "token=x")]
    [InlineData("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc")]
    [InlineData("application/x-www-form-urlencoded", "token=a%00b&decision=approve%00")]
    public async Task A_malformed_form_gets_a_page_not_a_500(string contentType, string body)
    {
        var request = Post([]);
        request.ContentType = contentType;
        body = "csrf=" + Uri.EscapeDataString(owner.Session.CsrfToken) + "&" + body;
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        request.ContentLength = null;

        var page = Assert.IsType<ContentResult>(await Decide(request));

        Assert.InRange(page.StatusCode!.Value, 400, 499);
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_chunked_form_with_thousands_of_fields_gets_a_page_not_a_500()
    {
        var request = Post([]);
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, 3000).Select(i => $"f{i}=v"))));
        request.ContentLength = null; // chunked: nothing to check before reading

        var page = Assert.IsType<ContentResult>(await Decide(request));

        Assert.Equal(400, page.StatusCode);
        decisions.VerifyNoOtherCalls();
    }

    private HttpRequest Json()
    {
        var request = owner.Post(Path);
        request.ContentType = "application/json";
        request.Body = new MemoryStream("{}"u8.ToArray());
        request.ContentLength = 2;
        return request;
    }
}
