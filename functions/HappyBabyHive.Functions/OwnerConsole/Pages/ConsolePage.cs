using System.Text;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

public enum ConsoleSection
{
    None,
    Home,
    Courses,
    Settings,
}

/// <summary>
/// The console's layout on the shared <see cref="HtmlPage"/> (strict CSP, no script): a navigation bar with Sign out
/// when signed in, the console's own styles, and no framing by any site (the public forms may be framed by the
/// business's website; the console never is).
/// </summary>
public sealed class ConsolePage(HtmlPage page)
{
    public ContentResult Render(
        HttpRequest request, OwnerSession? session, ConsoleSection section, string title, string bodyHtml,
        int statusCode = StatusCodes.Status200OK, string? documentTitle = null, bool wide = false)
    {
        var response = request.HttpContext.Response;
        var header = session is null ? null : Navigation(request, session, section);
        var result = page.Render(response, title, bodyHtml, statusCode, documentTitle: documentTitle, headerHtml: header, stylesheets: [Stylesheets.Forms, Stylesheets.Console]);
        response.Headers.ContentSecurityPolicy = WithoutFraming(response.Headers.ContentSecurityPolicy.ToString());
        response.Headers.XFrameOptions = "DENY";
        if (wide && result.Content is { } html)
        {
            result.Content = html.Replace("<main id=\"main\">", "<main id=\"main\" class=\"wide\">", StringComparison.Ordinal);
        }

        return result;
    }

    public ContentResult CourseNotFound(HttpRequest request, OwnerSession session) => Render(
        request, session, ConsoleSection.Courses, "We couldn't find that course",
        $"<p>It may have been mistyped, or the link is old. <a href=\"{H(ConsolePaths.Base(request))}/courses\">See all courses</a>.</p>",
        StatusCodes.Status404NotFound);

    /// <summary>A hidden field carrying the session's CSRF token; every console form includes it.</summary>
    public static string CsrfField(OwnerSession session) =>
        $"<input type=\"hidden\" name=\"{ConsoleGuard.CsrfField}\" value=\"{H(session.CsrfToken)}\">";

    private static string Navigation(HttpRequest request, OwnerSession session, ConsoleSection section)
    {
        var root = ConsolePaths.Base(request);
        var html = new StringBuilder("<header class=\"console-bar\"><div class=\"inner\"><nav aria-label=\"Console\"><ul>");
        foreach (var (target, label, href) in new[] { (ConsoleSection.Home, "Home", root), (ConsoleSection.Courses, "Courses", root + "/courses"), (ConsoleSection.Settings, "Settings", root + "/settings") })
        {
            html.Append("<li><a href=\"").Append(H(href)).Append('"').Append(section == target ? " aria-current=\"page\"" : string.Empty).Append('>').Append(label).Append("</a></li>");
        }

        return html.Append("</ul></nav>")
            .Append("<form method=\"post\" action=\"").Append(H(root + "/sign-out")).Append("\">").Append(CsrfField(session))
            .Append("<button type=\"submit\" class=\"secondary\">Sign out</button></form>")
            .Append("</div></header>")
            .ToString();
    }

    private static string WithoutFraming(string policy)
    {
        var at = policy.IndexOf("frame-ancestors", StringComparison.Ordinal);
        return (at < 0 ? policy.TrimEnd(' ', ';') + "; " : policy[..at]) + "frame-ancestors 'none'";
    }
}
