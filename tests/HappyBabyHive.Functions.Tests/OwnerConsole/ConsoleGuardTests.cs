using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class ConsoleGuardTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private readonly OwnerSessionCookie cookie;
    private readonly ConsoleGuard guard;
    private readonly string cookieValue;
    private readonly OwnerSession session;

    public ConsoleGuardTests()
    {
        cookie = Cookie(clock);
        guard = Guard(cookie);
        var signIn = Request("POST", "/api/console/sign-in/link");
        session = cookie.Issue(signIn, Owner);
        cookieValue = SetCookie(signIn).Value.ToString();
    }

    [Fact]
    public async Task A_page_without_a_session_redirects_to_sign_in_with_303_and_nothing_else()
    {
        var request = WithCookie(null, path: "/api/console/courses/abc/register");

        var (found, refusal) = await guard.RequireSessionAsync(request, CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(303, Assert.IsType<StatusCodeResult>(refusal).StatusCode);
        Assert.Equal("/api/console/sign-in", request.HttpContext.Response.Headers.Location.ToString());
        Assert.Empty(request.HttpContext.Response.Headers.SetCookie.ToString());
    }

    [Fact]
    public async Task A_refused_cookie_is_removed_as_the_browser_is_redirected()
    {
        var request = WithCookie(cookieValue[..^2] + "xx");

        var (found, refusal) = await guard.RequireSessionAsync(request, CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(303, Assert.IsType<StatusCodeResult>(refusal).StatusCode);
        Assert.Equal(string.Empty, SetCookie(request).Value.ToString());
    }

    [Fact]
    public async Task An_expired_session_redirects_to_sign_in()
    {
        clock.Advance(TimeSpan.FromDays(8));

        var (found, refusal) = await guard.RequireSessionAsync(WithCookie(cookieValue), CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(303, Assert.IsType<StatusCodeResult>(refusal).StatusCode);
    }

    [Fact]
    public async Task A_post_with_the_sessions_csrf_token_passes_and_its_form_is_read()
    {
        var request = FormPost(cookieValue, $"csrf={Uri.EscapeDataString(session.CsrfToken)}&donationPercent=12");
        request.Headers["Sec-Fetch-Site"] = "same-origin";

        var (post, refusal) = await guard.RequirePostAsync(request, CancellationToken.None);

        Assert.Null(refusal);
        Assert.Equal("12", post!.Form["donationPercent"]);
    }

    [Theory]
    [InlineData("donationPercent=12")]
    [InlineData("csrf=&donationPercent=12")]
    [InlineData("csrf=forged-token&donationPercent=12")]
    public async Task A_post_without_the_sessions_csrf_token_is_refused(string body)
    {
        var (post, refusal) = await guard.RequirePostAsync(FormPost(cookieValue, body), CancellationToken.None);

        Assert.Null(post);
        Assert.Equal(403, Assert.IsType<ContentResult>(refusal).StatusCode);
    }

    [Fact]
    public async Task Another_sessions_token_is_refused()
    {
        var other = cookie.Issue(Request("POST", "/api/console/sign-in/link"), Owner);

        var (post, refusal) = await guard.RequirePostAsync(FormPost(cookieValue, $"csrf={Uri.EscapeDataString(other.CsrfToken)}"), CancellationToken.None);

        Assert.Null(post);
        Assert.Equal(403, Assert.IsType<ContentResult>(refusal).StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task A_post_another_site_started_is_refused_even_with_the_token(string header, string value)
    {
        var request = FormPost(cookieValue, $"csrf={Uri.EscapeDataString(session.CsrfToken)}");
        request.Headers[header] = value;

        var (post, refusal) = await guard.RequirePostAsync(request, CancellationToken.None);

        Assert.Null(post);
        Assert.Equal(403, Assert.IsType<ContentResult>(refusal).StatusCode);
    }

    [Fact]
    public async Task A_post_without_a_session_redirects_to_sign_in_before_reading_anything()
    {
        var request = FormPost(null, $"csrf={Uri.EscapeDataString(session.CsrfToken)}");

        var (post, refusal) = await guard.RequirePostAsync(request, CancellationToken.None);

        Assert.Null(post);
        Assert.Equal(303, Assert.IsType<StatusCodeResult>(refusal).StatusCode);
        Assert.Equal(0, request.Body.Position);
    }
}
