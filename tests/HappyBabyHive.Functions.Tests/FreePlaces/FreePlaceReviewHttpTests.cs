using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlaceReviewHttpTests
{
    private const string RequestId = "fp-k7m3q9xpa2";

    private readonly FreePlaceFixtures f = new();
    private readonly InMemoryFreePlaceRequestStore store = new();
    private readonly Mock<ICourseStore> courses = new();
    private readonly Mock<IFreePlaceDecisionService> decisions = new(MockBehavior.Strict);
    private readonly Mock<HappyBabyHive.Settings.IBusinessSettingsStore> settings = new();
    private readonly OwnerFreePlaceReviewHttp function;
    private readonly DecisionSummary approved = new(
        FreePlaceStatus.Approved, new DateTimeOffset(2027, 2, 1, 9, 5, 0, TimeSpan.Zero), DecisionRoute.Link, "massage-test", "Baby Massage", "K7M3-Q9XP", PlaceKind.Free);

    public FreePlaceReviewHttpTests()
    {
        store.Put(FreePlaceFixtures.Request());
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "massage-test")]);
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new HappyBabyHive.Settings.BusinessSettings("SAVED SIGNPOST: the owner's own words.", 10, f.Clock.GetUtcNow()));
        function = new OwnerFreePlaceReviewHttp(new FreePlaceReviewQuery(store, courses.Object, settings.Object, f.Clock), decisions.Object, f.Links(), f.ReviewPage(), Options.Create(f.Business));
    }

    private static HttpRequest Get(string? token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("hive.example");
        if (token is not null)
        {
            context.Request.QueryString = QueryString.Create("token", token);
        }

        return context.Request;
    }

    private static HttpRequest Post(Dictionary<string, string> fields, string? origin = "https://hive.example", string? fetchSite = "same-origin")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Host = new HostString("hive.example");
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return context.Request;
    }

    private Dictionary<string, string> Approve(string? token = null) => new()
    {
        ["token"] = token ?? f.Links().Token(RequestId),
        ["decision"] = "approve",
        ["courseId"] = "massage-test",
    };

    [Fact]
    public async Task Opening_the_link_shows_the_request_and_changes_nothing()
    {
        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(f.Links().Token(RequestId)), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("PRIVATE-NOTE", page.Content, StringComparison.Ordinal);
        Assert.Contains("Approve and book", page.Content, StringComparison.Ordinal);
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_decline_form_quotes_the_signposting_the_owner_saved_not_the_configured_default()
    {
        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(f.Links().Token(RequestId)), CancellationToken.None));

        Assert.Contains("SAVED SIGNPOST: the owner&#x27;s own words.", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Options.DeclineSignposting, page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_an_approval_is_running_the_page_says_so()
    {
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Approving));

        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(f.Links().Token(RequestId)), CancellationToken.None));

        Assert.Contains("being approved right now", page.Content, StringComparison.Ordinal);
        decisions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(null, 400)]
    [InlineData("garbage", 400)]
    public async Task A_missing_or_broken_link_gets_a_friendly_page(string? token, int status)
    {
        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));

        Assert.Equal(status, page.StatusCode);
        Assert.Contains("This link doesn&#x27;t work", page.Content, StringComparison.Ordinal);
        Assert.Contains("<a href=\"console\">your owner's console</a>", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("admin API", page.Content, StringComparison.Ordinal);
        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task An_expired_link_gets_a_friendly_410_page()
    {
        var token = f.Links().Token(RequestId);
        f.Clock.Advance(TimeSpan.FromDays(15));

        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("This link has expired", page.Content, StringComparison.Ordinal);
        Assert.Contains("<a href=\"console\">your owner's console</a>", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("admin API", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_for_a_request_that_is_gone_is_a_friendly_404() =>
        Assert.Equal(404, Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(f.Links().Token("fp-0000000000")), CancellationToken.None)).StatusCode);

    [Fact]
    public async Task Approving_with_the_button_decides_for_the_request_named_by_the_token_only()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(approved));
        var fields = Approve();
        fields["requestId"] = "fp-zzzzzzzzzz";

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(fields), CancellationToken.None));

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

        Assert.Equal(200, Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(fields), CancellationToken.None)).StatusCode);
        decisions.VerifyAll();
    }

    [Fact]
    public async Task No_free_places_left_is_a_409_page_that_offers_a_general_place()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.NoFreePlacesLeft("Baby Massage", 3));

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve()), CancellationToken.None));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("There are no free places left on Baby Massage. You can give a general place instead", page.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"useGeneralPlace\" value=\"true\" checked", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clicking_again_shows_it_was_already_approved()
    {
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.AlreadyDecided(approved));

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve()), CancellationToken.None));

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

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve()), CancellationToken.None));

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

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve()), CancellationToken.None));

        Assert.Equal(409, page.StatusCode);
        Assert.Contains("being approved right now", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("already been", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_passes_the_owners_message()
    {
        decisions.Setup(d => d.DeclineAsync(RequestId, "Next term?", DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Declined(approved with { Status = FreePlaceStatus.Declined, CourseId = null, BookingReference = null, PlaceKind = null }));
        var fields = new Dictionary<string, string> { ["token"] = f.Links().Token(RequestId), ["decision"] = "decline", ["message"] = "Next term?" };

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(fields), CancellationToken.None));

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
        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve(), origin, fetchSite), CancellationToken.None));

        Assert.Equal(403, page.StatusCode);
        decisions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("null", "same-origin")]
    [InlineData("http://127.0.0.1:7071", "same-origin")]
    public async Task A_post_from_the_page_itself_is_judged_by_its_token(string? origin, string? fetchSite)
    {
        // "Origin: null" is what Chromium sends from our own page, whose Referrer-Policy is no-referrer.
        decisions.Setup(d => d.ApproveAsync(RequestId, "massage-test", false, DecisionRoute.Link, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(approved));
        var request = Post(Approve(), origin, fetchSite);
        if (origin == "http://127.0.0.1:7071")
        {
            request.Host = new HostString("127.0.0.1:7071");
        }

        Assert.Equal(200, Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(request, CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task A_post_with_a_tampered_or_expired_token_decides_nothing()
    {
        var token = f.Links().Token(RequestId);
        var tampered = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve(token[..^3] + "AAA")), CancellationToken.None));
        f.Clock.Advance(TimeSpan.FromDays(15));
        var expired = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(Post(Approve(token)), CancellationToken.None));

        Assert.Equal((400, 410), (tampered.StatusCode, expired.StatusCode));
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_json_post_is_refused()
    {
        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(HttpRequests.Json("POST", "{}"), CancellationToken.None));

        Assert.Equal(415, page.StatusCode);
        decisions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("multipart/form-data", "token=x")]
    [InlineData("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc")]
    [InlineData("application/x-www-form-urlencoded", "token=a%00b&decision=approve")]
    public async Task A_malformed_form_gets_a_page_not_a_500(string contentType, string body)
    {
        var request = Post([]);
        request.ContentType = contentType;
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        request.ContentLength = null;

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(request, CancellationToken.None));

        Assert.InRange(page.StatusCode!.Value, 400, 499);
        decisions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_chunked_form_with_thousands_of_fields_gets_a_page_not_a_500()
    {
        var request = Post([]);
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, 3000).Select(i => $"f{i}=v"))));
        request.ContentLength = null; // chunked: nothing to check before reading

        var page = Assert.IsType<ContentResult>(await function.DecideFreePlaceReview(request, CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        decisions.VerifyNoOtherCalls();
    }
}
