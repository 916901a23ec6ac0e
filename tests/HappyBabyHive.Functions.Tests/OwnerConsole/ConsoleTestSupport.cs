using AngleSharp.Dom;
using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using HappyBabyHive.OwnerConsole;
using System.Runtime.CompilerServices;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.Logging.Abstractions;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Tests.OwnerConsole;

internal static class ConsoleTestSupport
{
    public const string Key = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";
    public const string Owner = "owner@happybabyhive.test";

    public static FakeTimeProvider Clock() => TestClock.AtUtc(2026, 11, 25, 12, 0);

    public static OwnerAddresses Owners(params string[] emails) => new(
        Options.Create(new OwnerConsoleOptions { Emails = emails.ToList() }),
        Options.Create(Business));

    /// <summary>What a test cookie signs in with: its clock, its session lifetime, and the store its sessions go in.</summary>
    private sealed record CookieContext(TimeProvider Time, OwnerConsoleOptions Options, InMemoryOwnerSessionStore Store);

    private static readonly ConditionalWeakTable<OwnerSessionCookie, CookieContext> Contexts = new();

    public static OwnerConsoleOptions SessionOptions(TimeSpan? lifetime = null) => new()
    {
        SessionLifetime = lifetime ?? TimeSpan.FromDays(7),
        SessionIdleTimeout = TimeSpan.FromHours(12),
        SessionTouchInterval = TimeSpan.FromMinutes(5),
        RecentSignInWindow = TimeSpan.FromMinutes(15),
    };

    public static OwnerSessionCookie Cookie(TimeProvider time, string key = Key, string? previousKey = null, OwnerAddresses? owners = null, TimeSpan? lifetime = null, InMemoryOwnerSessionStore? store = null)
    {
        var cookie = new OwnerSessionCookie(Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previousKey }), owners ?? Owners(), time);
        Contexts.Add(cookie, new CookieContext(time, SessionOptions(lifetime), store ?? new InMemoryOwnerSessionStore()));
        return cookie;
    }

    /// <summary>The store a test cookie's sessions are kept in.</summary>
    public static InMemoryOwnerSessionStore Store(this OwnerSessionCookie cookie) => Contexts.TryGetValue(cookie, out var context) ? context.Store : throw new InvalidOperationException("Not a test cookie.");

    /// <summary>
    /// Signs <paramref name="owner"/> in as the sign-in link does: a stored session (in the cookie's test store) and
    /// the cookie naming it, on <paramref name="request"/>'s response.
    /// </summary>
    public static OwnerSession Issue(this OwnerSessionCookie cookie, HttpRequest request, string owner)
    {
        var sessions = Sessions(cookie);
        var started = sessions.StartAsync(cookie.OwnerKey(owner), "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1", CancellationToken.None);
        return cookie.Issue(request, started.GetAwaiter().GetResult());
    }

    public static OwnerSessions Sessions(OwnerSessionCookie cookie)
    {
        var context = Contexts.TryGetValue(cookie, out var found) ? found : throw new InvalidOperationException("Not a test cookie.");
        return new OwnerSessions(context.Store, Options.Create(context.Options), context.Time, NullLogger<OwnerSessions>.Instance);
    }

    public static ConsoleSessions ConsoleSessions(OwnerSessionCookie cookie) => new(cookie, Sessions(cookie));

    public static BusinessOptions Business { get; } = new() { OwnerEmail = Owner, PublicBaseUrl = "https://app.happybabyhive.test" };

    public static HappyBabyHive.OwnerConsole.Pages.ConsolePage Page() => new(
        HappyBabyHive.TestSupport.TestPages.Results(
            Options.Create(new HappyBabyHive.Web.BrandingOptions()),
            Options.Create(Business),
            Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" })),
        Options.Create(SessionOptions()));

    /// <summary>A console page as the browser parses it.</summary>
    public static IDocument Parse(IActionResult result) => HostileHtml.Parse(Assert.IsType<ContentResult>(result).Content!);

    public static ConsoleGuard Guard(OwnerSessionCookie cookie) => new(ConsoleSessions(cookie), Page(), Options.Create(Business));

    /// <summary>A form POST to the console carrying the cookie and the fields, as a browser sends it.</summary>
    public static HttpRequest FormPost(string? cookieValue, string body, string path = "/api/console/settings")
    {
        var request = WithCookie(cookieValue, "POST", path);
        request.ContentType = "application/x-www-form-urlencoded";
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        return request;
    }

    public static HttpRequest Request(string method = "GET", string path = "/api/console/courses")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.happybabyhive.test");
        var query = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = query < 0 ? path : path[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        return context.Request;
    }

    /// <summary>The Set-Cookie header the response carries for the session cookie.</summary>
    public static SetCookieHeaderValue SetCookie(HttpRequest request) =>
        SetCookieHeaderValue.ParseList(request.HttpContext.Response.Headers.SetCookie.Select(v => v ?? string.Empty).ToList()).Single(c => c.Name == OwnerSessionCookie.Name);

    /// <summary>A new request to <paramref name="path"/> carrying the given cookie value.</summary>
    public static HttpRequest WithCookie(string? value, string method = "GET", string path = "/api/console")
    {
        var request = Request(method, path);
        if (value is not null)
        {
            request.Headers.Cookie = $"{OwnerSessionCookie.Name}={value}";
        }

        return request;
    }
}
