using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Tests.OwnerConsole;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using HappyBabyHive.TestSupport.Fakes;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>The owner's "publish now" and preview of the next tip: still once per ISO week, with a plain answer when it already went.</summary>
public sealed class TipPublishNowTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    // Wednesday 25 November 2026, 12:00 UTC: week 2026-W48, long after Monday's 08:00 timer.
    private readonly SignedIn owner = new();
    private readonly InMemoryTipPublications publications = new();
    private readonly InMemorySubscriberStore subscribers = new();
    private readonly RecordingTipQueues queues = new();
    private IReadOnlyList<Tip> tips = [Tip("first", 1), Tip("second", 2)];

    private static readonly IsoWeekId ThisWeek = new(2026, 48);

    private TipPublisher Publisher()
    {
        var library = new Mock<ITipLibrary>();
        library.SetupGet(l => l.Tips).Returns(() => tips);
        return new TipPublisher(publications, subscribers, queues, library.Object, Options.Create(new WellbeingTipsOptions()), owner.Clock, NullLogger<TipPublisher>.Instance);
    }

    private TipsEmails Emails => new(Options.Create(TipsTestData.Business), TipsTestData.Links(owner.Clock), EmailChecks.Renderer);

    private ConsoleTipsHttp Console() => new(owner.Guard(), Publisher(), Emails, new TipsPage(ConsoleTestSupport.Page()));

    private ManageTipsHttp Api() => new(Publisher(), Emails);

    [Fact]
    public async Task Publishing_now_publishes_this_weeks_tip_and_asks_for_its_emails_once()
    {
        var first = await Publisher().PublishNowAsync(CancellationToken.None);
        var second = await Publisher().PublishNowAsync(CancellationToken.None);

        Assert.Equal("first", Assert.IsType<PublishNowOutcome.Published>(first).Week.Tip.TipId);
        Assert.Equal("first", Assert.IsType<PublishNowOutcome.AlreadyPublished>(second).Week.Tip.TipId);
        Assert.Equal(ThisWeek, Assert.Single(publications.Weeks).Key);

        // One fan-out, asked for a moment ahead so the publication lands first; the second press asks for nothing.
        var (message, delay) = Assert.Single(queues.FanOut);
        Assert.Equal((ThisWeek.ToString(), TipPublisher.PublishNowFanOutDelay), (message.Week, delay));
    }

    [Fact]
    public async Task A_week_the_timer_published_is_not_published_again()
    {
        await Publisher().EnsurePublishedAsync(ThisWeek, CancellationToken.None);

        Assert.IsType<PublishNowOutcome.AlreadyPublished>(await Publisher().PublishNowAsync(CancellationToken.None));

        Assert.Empty(queues.FanOut);
        Assert.Single(publications.Weeks);
    }

    [Fact]
    public async Task The_preview_is_this_weeks_tip_until_it_goes_then_next_weeks()
    {
        var before = await Publisher().PreviewAsync(CancellationToken.None);
        await Publisher().PublishNowAsync(CancellationToken.None);
        var after = await Publisher().PreviewAsync(CancellationToken.None);

        Assert.Equal((ThisWeek, (PublishedWeek?)null, "first", ThisWeek), (before.ThisWeek, before.Published, before.Next.Id, before.NextWeek));
        Assert.Equal(("first", "second", new IsoWeekId(2026, 49)), (after.Published!.Tip.TipId, after.Next.Id, after.NextWeek));
    }

    [Fact]
    public async Task The_api_answers_202_then_409_naming_the_tip_already_sent()
    {
        var accepted = Assert.IsType<AcceptedResult>(await Api().PublishTipNow(HttpRequests.Get(), CancellationToken.None));
        var conflict = Assert.IsAssignableFrom<ObjectResult>(await Api().PublishTipNow(HttpRequests.Get(), CancellationToken.None));

        Assert.Equal(("2026-W48", "first"), (Assert.IsType<PublishedTipResponse>(accepted.Value).Week, ((PublishedTipResponse)accepted.Value!).TipId));
        var problem = Assert.IsType<ProblemDetails>(conflict.Value);
        Assert.Equal((409, "urn:happybabyhive:problem:tip-already-published"), (conflict.StatusCode, problem.Type));
        Assert.Contains("\"first\", published on Wednesday 25 November 2026 at 12:00", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_shows_the_next_tip_with_its_email()
    {
        var ok = Assert.IsType<OkObjectResult>(await Api().GetNextTip(HttpRequests.Get(), CancellationToken.None));

        var next = Assert.IsType<NextTipResponse>(ok.Value);
        Assert.Equal(("2026-W48", null, "first", "This week's wellbeing tip: first"), (next.ThisWeek, next.Published, next.NextTipId, next.EmailSubject));
        Assert.Contains("Hello Sam,", next.EmailText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_page_offers_to_send_this_weeks_tip_and_shows_the_next()
    {
        var result = Assert.IsType<ContentResult>(await Console().ConsoleTips(owner.Get("/api/console/tips"), CancellationToken.None));
        using var page = ConsoleTestSupport.Parse(result);

        Assert.Equal("Weekly tip", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("/api/console/tips/publish", page.QuerySelector("main form")!.GetAttribute("action"));
        Assert.Equal("Next tip: first", page.GetElementById("next")!.TextContent);
        Assert.Equal("/api/console/tips/preview", page.QuerySelector("a.button.secondary")!.GetAttribute("href"));
        Assert.Equal("tips", page.QuerySelector("nav a[aria-current=page]")!.GetAttribute("href")!.Split('/')[^1]);
    }

    [Fact]
    public async Task Once_sent_the_page_says_which_tip_went_and_offers_no_button()
    {
        await Publisher().PublishNowAsync(CancellationToken.None);

        using var page = ConsoleTestSupport.Parse(await Console().ConsoleTips(owner.Get("/api/console/tips?done=already"), CancellationToken.None));

        Assert.Null(page.QuerySelector("main form"));
        Assert.Contains("went out on Wednesday 25 November 2026 at 12:00", page.QuerySelector(".card.status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("This week's tip had already gone out, so nothing more was sent.", page.QuerySelector(".flash")!.TextContent);
        Assert.Equal("Next tip: second", page.GetElementById("next")!.TextContent);
    }

    [Theory]
    [InlineData(false, "published")]
    [InlineData(true, "already")]
    public async Task Sending_from_the_console_goes_back_to_the_page_saying_what_happened(bool sentBefore, string done)
    {
        if (sentBefore)
        {
            await Publisher().PublishNowAsync(CancellationToken.None);
        }

        var request = owner.Post("/api/console/tips/publish");
        var result = await Console().ConsolePublishTip(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal($"/api/console/tips?done={done}", SignedIn.Location(request));
        Assert.Single(publications.Weeks);
    }

    [Fact]
    public async Task Sending_without_the_csrf_token_sends_nothing()
    {
        var request = ConsoleTestSupport.FormPost(owner.CookieValue, string.Empty, "/api/console/tips/publish");

        Assert.Equal(403, Assert.IsType<ContentResult>(await Console().ConsolePublishTip(request, CancellationToken.None)).StatusCode);
        Assert.Empty(publications.Weeks);
    }

    [Fact]
    public async Task The_preview_is_the_email_itself_with_a_policy_that_allows_no_script()
    {
        var request = owner.Get("/api/console/tips/preview");

        var result = Assert.IsType<ContentResult>(await Console().ConsolePreviewTip(request, CancellationToken.None));

        Assert.Contains("Hello Sam,", HostileHtml.Parse(result.Content!).Body!.TextContent, StringComparison.Ordinal);
        var policy = request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script", policy, StringComparison.Ordinal);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task Hostile_text_in_a_tip_is_shown_as_text_on_the_page_and_in_the_preview()
    {
        tips = [Tip("first", 1) with { Title = Hostile + "title", Paragraphs = [Hostile + "paragraph"], TryThisWeek = Hostile + "try" }];

        var page = Assert.IsType<ContentResult>(await Console().ConsoleTips(owner.Get("/api/console/tips"), CancellationToken.None));
        var preview = Assert.IsType<ContentResult>(await Console().ConsolePreviewTip(owner.Get("/api/console/tips/preview"), CancellationToken.None));

        HostileHtml.AssertOnlyText(page.Content!, Hostile + "title", Hostile + "paragraph", Hostile + "try");
        Assert.Empty(HostileHtml.InjectedMarkup(HostileHtml.Parse(preview.Content!)));
    }

    private static Tip Tip(string id, int order) => new()
    {
        Id = id,
        Order = order,
        Title = id,
        Theme = TipThemes.ServeAndReturn,
        BabyAgeFromWeeks = 0,
        BabyAgeToWeeks = 104,
        TryThisWeek = "Copy a sound back.",
        Signposting = false,
        Paragraphs = ["One paragraph."],
    };
}
