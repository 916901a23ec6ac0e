using System.Collections.Concurrent;
using System.Text;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Tests.OwnerConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.FreePlaces;

/// <summary>The emailed review link: GET shows only a button; the button's POST uses the link once and signs the owner in.</summary>
public sealed class ReviewLinkTests
{
    private const string RequestId = "fp-k7m3q9xpa2";

    private readonly FreePlaceFixtures f = new();
    private readonly InMemoryReviewLinkUses uses = new();
    private readonly OwnerSessionCookie cookie;
    private readonly OwnerFreePlaceReviewHttp function;

    public ReviewLinkTests()
    {
        cookie = ConsoleTestSupport.Cookie(f.Clock);
        function = new OwnerFreePlaceReviewHttp(
            new ReviewLinkGate(f.Links(), uses, f.Clock), ConsoleTestSupport.ConsoleSessions(cookie), ConsoleTestSupport.Owners(), f.ReviewPage(), Options.Create(f.Business));
    }

    private static HttpRequest Get(string? token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("hive.example");
        context.Request.Path = "/api/free-place-review";
        if (token is not null)
        {
            context.Request.QueryString = QueryString.Create("token", token);
        }

        return context.Request;
    }

    private static HttpRequest Post(string? token, string fetchSite = "same-origin")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Host = new HostString("hive.example");
        context.Request.Path = "/api/free-place-review";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var body = Encoding.UTF8.GetBytes(token is null ? string.Empty : "token=" + Uri.EscapeDataString(token));
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        return context.Request;
    }

    [Fact]
    public async Task Opening_the_link_shows_only_a_button_and_uses_nothing()
    {
        var token = f.Links().Token(RequestId);

        var page = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));
        var again = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));

        Assert.Equal((200, 200), (page.StatusCode, again.StatusCode));
        Assert.DoesNotContain("PRIVATE-NOTE", page.Content, StringComparison.Ordinal);
        Assert.Contains("Open the request", page.Content, StringComparison.Ordinal);
        Assert.Empty(uses.Used);
    }

    [Fact]
    public async Task The_button_uses_the_link_signs_the_owner_in_and_goes_to_the_consoles_page_for_the_request()
    {
        var request = Post(f.Links().Token(RequestId));

        var result = await function.OpenFreePlaceReview(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/api/console/free-places/" + RequestId, request.HttpContext.Response.Headers.Location.ToString());
        var session = ConsoleTestSupport.SetCookie(request);
        Assert.Equal("/api/console", session.Path.ToString());
        var (check, signedIn) = await ConsoleTestSupport.ConsoleSessions(cookie).ReadAsync(ConsoleTestSupport.WithCookie(session.Value.ToString()), CancellationToken.None);
        Assert.Equal(SessionCheck.Valid, check);
        Assert.True(ConsoleTestSupport.ConsoleSessions(cookie).IsRecentSignIn(signedIn!));
        Assert.Equal([RequestId], uses.Used);
    }

    [Fact]
    public async Task An_old_review_link_cannot_be_reused_after_it_was_viewed()
    {
        var token = f.Links().Token(RequestId);
        await function.OpenFreePlaceReview(Post(token), CancellationToken.None);

        var opened = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));
        var reused = Post(token);
        var pressed = Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(reused, CancellationToken.None));

        Assert.Equal((409, 409), (opened.StatusCode, pressed.StatusCode));
        Assert.Contains("already been opened", pressed.Content, StringComparison.Ordinal);
        Assert.Contains("<a href=\"console\">your owner's console</a>", pressed.Content, StringComparison.Ordinal);
        Assert.Empty(reused.HttpContext.Response.Headers.SetCookie.ToString());
        Assert.Single(cookie.Store().Rows);
    }

    [Fact]
    public async Task Any_older_copy_of_a_link_for_the_same_request_is_spent_too()
    {
        var older = f.Links().Token(RequestId);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await function.OpenFreePlaceReview(Post(f.Links().Token(RequestId)), CancellationToken.None);

        Assert.Equal(409, Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(Post(older), CancellationToken.None)).StatusCode);
    }

    [Theory]
    [InlineData(null, 400)]
    [InlineData("garbage", 400)]
    public async Task A_missing_or_broken_link_gets_a_friendly_page_and_signs_nobody_in(string? token, int status)
    {
        var get = Assert.IsType<ContentResult>(await function.ShowFreePlaceReview(Get(token), CancellationToken.None));
        var post = Post(token);
        var pressed = Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(post, CancellationToken.None));

        Assert.Equal((status, status), (get.StatusCode, pressed.StatusCode));
        Assert.Contains("This link doesn&#x27;t work", get.Content, StringComparison.Ordinal);
        Assert.Empty(post.HttpContext.Response.Headers.SetCookie.ToString());
        Assert.Empty(uses.Used);
    }

    [Fact]
    public async Task An_expired_link_gets_a_friendly_410_page()
    {
        var token = f.Links().Token(RequestId);
        f.Clock.Advance(TimeSpan.FromDays(15));

        var page = Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(Post(token), CancellationToken.None));

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("This link has expired", page.Content, StringComparison.Ordinal);
        Assert.Empty(uses.Used);
    }

    [Fact]
    public async Task A_press_from_another_site_is_refused_and_uses_nothing()
    {
        var page = Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(Post(f.Links().Token(RequestId), fetchSite: "cross-site"), CancellationToken.None));

        Assert.Equal(403, page.StatusCode);
        Assert.Empty(uses.Used);
    }

    [Fact]
    public async Task A_body_over_16_KB_is_refused_without_using_the_link()
    {
        var request = Post(f.Links().Token(RequestId) + "&pad=" + new string('a', 17 * 1024));

        var page = Assert.IsType<ContentResult>(await function.OpenFreePlaceReview(request, CancellationToken.None));

        Assert.InRange(page.StatusCode!.Value, 400, 499);
        Assert.Empty(uses.Used);
    }

    private sealed class InMemoryReviewLinkUses : IReviewLinkUses
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> used = new();

        public IReadOnlyList<string> Used => used.Keys.ToList();

        public Task<bool> TryUseAsync(string requestId, DateTimeOffset usedUtc, CancellationToken cancellationToken) => Task.FromResult(used.TryAdd(requestId, usedUtc));

        public Task<bool> IsUsedAsync(string requestId, CancellationToken cancellationToken) => Task.FromResult(used.ContainsKey(requestId));
    }
}
