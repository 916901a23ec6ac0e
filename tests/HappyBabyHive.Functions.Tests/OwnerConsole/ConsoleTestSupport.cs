using AngleSharp.Dom;
using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.Sessions;
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

    public static OwnerSessionCookie Cookie(TimeProvider time, string key = Key, string? previousKey = null, OwnerAddresses? owners = null, TimeSpan? lifetime = null) => new(
        Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previousKey }),
        Options.Create(new OwnerConsoleOptions { SessionLifetime = lifetime ?? TimeSpan.FromDays(30) }),
        owners ?? Owners(),
        time);

    public static BusinessOptions Business { get; } = new() { OwnerEmail = Owner, PublicBaseUrl = "https://app.happybabyhive.test" };

    public static HappyBabyHive.OwnerConsole.Pages.ConsolePage Page() => new(HappyBabyHive.TestSupport.TestPages.Results(
        Options.Create(new HappyBabyHive.Web.BrandingOptions()),
        Options.Create(Business),
        Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" })));

    /// <summary>A console page as the browser parses it.</summary>
    public static IDocument Parse(IActionResult result) => HostileHtml.Parse(Assert.IsType<ContentResult>(result).Content!);

    public static ConsoleGuard Guard(OwnerSessionCookie cookie) => new(cookie, Page(), Options.Create(Business));

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
