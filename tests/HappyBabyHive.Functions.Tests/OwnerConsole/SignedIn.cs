using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>An owner signed in on a test clock: requests that carry her cookie, and form posts with her CSRF token.</summary>
internal sealed class SignedIn
{
    public SignedIn()
    {
        Cookie = ConsoleTestSupport.Cookie(Clock);
        var signIn = Request("POST", "/api/console/sign-in/link");
        Session = Cookie.Issue(signIn, Owner);
        CookieValue = SetCookie(signIn).Value.ToString();
    }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = ConsoleTestSupport.Clock();

    public OwnerSessionCookie Cookie { get; }

    public OwnerSession Session { get; }

    public string CookieValue { get; }

    public ConsoleGuard Guard() => ConsoleTestSupport.Guard(Cookie);

    public HttpRequest Get(string path) => WithCookie(CookieValue, "GET", path);

    /// <summary>A POST from the console's own page: the cookie, the CSRF token, and the fields given.</summary>
    public HttpRequest Post(string path, params (string Name, string Value)[] fields)
    {
        var body = string.Join('&', fields.Prepend((ConsoleGuard.CsrfField, Session.CsrfToken)).Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
        var request = FormPost(CookieValue, body, path);
        request.Headers["Sec-Fetch-Site"] = "same-origin";
        return request;
    }

    public static string Location(HttpRequest request) => request.HttpContext.Response.Headers.Location.ToString();
}
