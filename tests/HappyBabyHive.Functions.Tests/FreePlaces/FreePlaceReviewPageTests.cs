using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Tests.FreePlaces;

/// <summary>The owner's review page as a browser reads it: what it shows, the forms it offers, and hostile text kept as text.</summary>
public sealed class FreePlaceReviewPageTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private readonly FreePlaceFixtures f = new();

    private static ReviewView View(FreePlaceRequestRecord request, DecisionSummary? decision = null, string title = "Baby Massage", string venue = "The Hive Room")
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 2), id: "massage-test", capacity: 10, freePlaces: 2) with { Title = title, Venue = venue };
        return new ReviewView(request, "token<\"&>", course, decision is null ? [course] : [], decision);
    }

    private static IDocument Parse(ContentResult page) => HostileHtml.Parse(page.Content!);

    [Fact]
    public async Task Hostile_text_in_every_field_is_shown_as_text_never_markup()
    {
        var request = FreePlaceFixtures.Request(Hostile + "parent", Hostile + "baby", Hostile + "note") with
        {
            Email = Hostile + "@example.co.uk",
            Phone = Hostile + "phone",
        };
        var view = View(request, title: Hostile + "title", venue: Hostile + "venue") with { DeclineSignposting = Hostile + "signpost" };

        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, view, problem: Hostile + "problem");

        HostileHtml.AssertOnlyText(
            page.Content!,
            Hostile + "parent", Hostile + "baby", Hostile + "note", Hostile + "@example.co.uk", Hostile + "phone", Hostile + "title", Hostile + "venue",
            Hostile + "signpost", Hostile + "problem", "token<\"&>");
        using var document = Parse(page);
        Assert.All(document.QuerySelectorAll<IHtmlInputElement>("input[name=token]"), token => Assert.Equal("token<\"&>", token.Value));
        Assert.Equal("mailto:" + Hostile + "@example.co.uk", document.QuerySelector("a[href^=mailto]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_decision_just_made_and_a_decision_already_made_show_hostile_text_as_text()
    {
        var decision = new DecisionSummary(
            FreePlaceStatus.Approved, new DateTimeOffset(2027, 2, 1, 10, 15, 0, TimeSpan.Zero), DecisionRoute.Link, "massage-test", Hostile + "course", Hostile + "ref", PlaceKind.Free);
        var response = new DefaultHttpContext().Response;

        var decided = await f.ReviewPage().DecidedAsync(response, decision, FreePlaceFixtures.Request(Hostile + "parent"));
        var already = await f.ReviewPage().AlreadyDecidedAsync(new DefaultHttpContext().Response, decision);
        var message = await f.ReviewPage().MessageAsync(new DefaultHttpContext().Response, Hostile + "title", Hostile + "text", 400);

        HostileHtml.AssertOnlyText(decided.Content!, Hostile + "course", Hostile + "ref", Hostile + "parent");
        HostileHtml.AssertOnlyText(already.Content!, Hostile + "course", Hostile + "ref");
        HostileHtml.AssertOnlyText(message.Content!, Hostile + "title", Hostile + "text");
        Assert.Equal("You approved this request on Monday 1 February 2027 at 10:15, on the review page.", Parse(decided).QuerySelector(".card.status p")!.TextContent);
        Assert.Equal(409, already.StatusCode);
    }

    [Fact]
    public async Task A_pending_request_offers_approve_with_course_places_and_a_kind_decline()
    {
        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request()));
        using var document = Parse(page);

        Assert.Contains("PRIVATE-NOTE", document.QuerySelector(".note")!.TextContent, StringComparison.Ordinal);
        var forms = document.QuerySelectorAll<IHtmlFormElement>("form").ToList();
        Assert.Equal(["free-place-review", "free-place-review"], forms.Select(form => form.GetAttribute("action")));
        Assert.All(forms, form => Assert.Equal("post", form.Method));

        var approve = forms[0];
        Assert.Equal("approve", approve.QuerySelector<IHtmlInputElement>("input[name=decision]")!.Value);
        Assert.Equal("Choose the course", approve.QuerySelector("fieldset > legend")!.TextContent);
        var course = approve.QuerySelector<IHtmlInputElement>("input[type=radio][name=courseId]")!;
        Assert.Equal(("massage-test", true, true), (course.Value, course.IsChecked, course.IsRequired));
        Assert.Contains("2 free places left · 8 general spaces left", course.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.False(approve.QuerySelector<IHtmlInputElement>("input[type=checkbox][name=useGeneralPlace]")!.IsChecked);

        var decline = forms[1];
        Assert.Equal("decline", decline.QuerySelector<IHtmlInputElement>("input[name=decision]")!.Value);
        var message = decline.QuerySelector<IHtmlTextAreaElement>("textarea[name=message]")!;
        Assert.Equal("1000", message.GetAttribute("maxlength"));
        Assert.Contains("SIGNPOST", document.GetElementById(message.GetAttribute("aria-describedby")!)!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_free_places_ran_out_the_general_place_box_comes_ticked()
    {
        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request()), "No free places left.", 409, suggestGeneralPlace: true);
        using var document = Parse(page);

        Assert.Equal(409, page.StatusCode);
        Assert.Equal("No free places left.", document.QuerySelector("[role=alert]")!.TextContent);
        Assert.True(document.QuerySelector<IHtmlInputElement>("#useGeneralPlace")!.IsChecked);
    }

    [Fact]
    public async Task A_decided_request_shows_what_was_decided_and_when_and_offers_no_buttons()
    {
        var decision = new DecisionSummary(
            FreePlaceStatus.Approved, new DateTimeOffset(2027, 2, 1, 10, 15, 0, TimeSpan.Zero), DecisionRoute.Link, "massage-test", "Baby Massage", "K7M3-Q9XP", PlaceKind.Free);

        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request(status: FreePlaceStatus.Approved), decision));
        using var document = Parse(page);

        var card = document.QuerySelector(".card.status[role=status]")!;
        Assert.Equal("This request has already been approved on Monday 1 February 2027 at 10:15, on the review page.", card.QuerySelector("p")!.TextContent);
        Assert.Equal(["Baby Massage", "K7M3-Q9XP", "one of the set-aside free places"], card.QuerySelectorAll("dd").Select(dd => dd.TextContent));
        Assert.Empty(document.QuerySelectorAll("form"));
    }

    [Fact]
    public async Task A_request_decided_by_a_script_says_so_in_the_owners_words()
    {
        var decision = new DecisionSummary(
            FreePlaceStatus.Declined, new DateTimeOffset(2027, 2, 1, 10, 15, 0, TimeSpan.Zero), DecisionRoute.Api, null, null, null, null);

        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, View(FreePlaceFixtures.Request(status: FreePlaceStatus.Declined), decision));
        using var document = Parse(page);

        var card = document.QuerySelector(".card.status")!;
        Assert.Equal("This request has already been declined on Monday 1 February 2027 at 10:15, by a script with the app's key, not the review page.", card.TextContent.Trim());
        Assert.Null(card.QuerySelector("dl"));
    }

    [Fact]
    public async Task A_purged_note_says_it_was_deleted()
    {
        var request = FreePlaceFixtures.Request(note: null, status: FreePlaceStatus.Declined) with { NotePurgedUtc = new DateTimeOffset(2027, 3, 3, 3, 30, 0, TimeSpan.Zero) };

        var page = await f.ReviewPage().ReviewAsync(new DefaultHttpContext().Response, View(request));
        using var document = Parse(page);

        Assert.Null(document.QuerySelector(".note"));
        Assert.Contains(document.QuerySelectorAll("p.hint"), p => p.TextContent == "The note was deleted on Wednesday 3 March 2027, as promised to the family.");
    }

    [Theory]
    [InlineData(LinkCheck.Expired, 410, "This link has expired")]
    [InlineData(LinkCheck.BadSignature, 400, "This link doesn't work")]
    [InlineData(LinkCheck.Malformed, 400, "This link doesn't work")]
    public async Task A_bad_link_gets_a_clear_page_never_framed(LinkCheck check, int status, string heading)
    {
        var response = new DefaultHttpContext().Response;

        var page = await f.ReviewPage().BadLinkAsync(response, check);
        using var document = Parse(page);

        Assert.Equal(status, page.StatusCode);
        Assert.Equal(heading, document.QuerySelector("h1")!.TextContent);
        Assert.Contains("Nothing has been changed", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("console", document.QuerySelector("main a")!.GetAttribute("href"));
        var policy = response.Headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.XFrameOptions.ToString());
    }
}
