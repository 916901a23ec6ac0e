using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlaceReviewPageTests
{
    private readonly FreePlaceFixtures f = new();

    private static ReviewView View(FreePlaceRequestRecord request, DecisionSummary? decision = null)
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "massage-test", capacity: 10, freePlaces: 2) with { Title = FreePlaceFixtures.Hostile, Venue = FreePlaceFixtures.Hostile };
        return new ReviewView(request, "token<\"&>", course, decision is null ? [course] : [], decision);
    }

    [Fact]
    public void The_page_shows_the_request_and_note_with_every_value_encoded()
    {
        var request = FreePlaceFixtures.Request(FreePlaceFixtures.Hostile, FreePlaceFixtures.Hostile, FreePlaceFixtures.Hostile) with
        {
            Email = "a<b>@example.co.uk",
            Phone = "<i>0770</i>",
        };

        var html = f.ReviewPage().Review(new DefaultHttpContext().Response, View(request)).Content!;

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("value=\"token&lt;&quot;&amp;&gt;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_request_offers_approve_with_course_places_and_a_kind_decline()
    {
        var html = f.ReviewPage().Review(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request())).Content!;

        Assert.Contains("PRIVATE-NOTE", html, StringComparison.Ordinal);
        Assert.Contains("name=\"courseId\" value=\"massage-test\" required checked", html, StringComparison.Ordinal);
        Assert.Contains("2 free places left &#xB7; 8 general spaces left", html, StringComparison.Ordinal);
        Assert.Contains("name=\"useGeneralPlace\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"decision\" value=\"decline\"", html, StringComparison.Ordinal);
        Assert.Contains("<legend>Choose the course</legend>", html, StringComparison.Ordinal);
        Assert.Contains("SIGNPOST", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("method=\"post\" action=\"free-place-review\"").Length - 1);
    }

    [Fact]
    public void A_decided_request_shows_what_was_decided_and_when_and_offers_no_buttons()
    {
        var decision = new DecisionSummary(
            FreePlaceStatus.Approved, new DateTimeOffset(2027, 2, 1, 10, 15, 0, TimeSpan.Zero), DecisionRoute.Link, "massage-test", "Baby Massage", "K7M3-Q9XP", PlaceKind.Free);

        var html = f.ReviewPage().Review(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request(status: FreePlaceStatus.Approved), decision)).Content!;

        Assert.Contains("This request has already been approved", html, StringComparison.Ordinal);
        Assert.Contains("Monday 1 February 2027 at 10:15, using the review link", html, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_decided_by_a_script_says_so_in_the_owners_words()
    {
        var decision = new DecisionSummary(
            FreePlaceStatus.Declined, new DateTimeOffset(2027, 2, 1, 10, 15, 0, TimeSpan.Zero), DecisionRoute.Api, null, null, null, null);

        var html = f.ReviewPage().Review(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request(status: FreePlaceStatus.Declined), decision)).Content!;

        Assert.Contains("This request has already been declined", html, StringComparison.Ordinal);
        Assert.Contains("by a script with the app&#x27;s key, not the review page", html, StringComparison.Ordinal);
        Assert.DoesNotContain("admin API", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_purged_note_says_it_was_deleted()
    {
        var request = FreePlaceFixtures.Request(note: null, status: FreePlaceStatus.Declined) with { NotePurgedUtc = new DateTimeOffset(2027, 3, 3, 3, 30, 0, TimeSpan.Zero) };

        var html = f.ReviewPage().Review(new DefaultHttpContext().Response, View(request)).Content!;

        Assert.Contains("The note was deleted on Wednesday 3 March 2027", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinkCheck.Expired, 410, "This link has expired")]
    [InlineData(LinkCheck.BadSignature, 400, "This link doesn&#x27;t work")]
    [InlineData(LinkCheck.Malformed, 400, "This link doesn&#x27;t work")]
    public void A_bad_link_gets_a_clear_page_not_an_error(LinkCheck check, int status, string heading)
    {
        var response = new DefaultHttpContext().Response;

        var page = f.ReviewPage().BadLink(response, check);

        Assert.Equal(status, page.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", page.Content, StringComparison.Ordinal);
        Assert.Contains("Nothing has been changed", page.Content, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }
}
