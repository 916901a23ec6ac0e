using System.Text.Encodings.Web;
using HappyBabyHive.Pages.Styles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Web;

/// <summary>
/// The hand-built pages' bridge onto <see cref="PageResults"/> while they move to Razor components (issue #14):
/// callers pass body HTML they have already encoded with <see cref="H"/>. Deleted once no page uses it.
/// </summary>
public sealed class HtmlPage(PageResults pages)
{
    public static string H(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    /// <param name="headerHtml">Already-encoded HTML for a banner above the main content (the owner's console navigation).</param>
    /// <param name="stylesheets">More style sheets for this page (<see cref="Stylesheets"/>).</param>
    public ContentResult Render(
        HttpResponse response, string title, string bodyHtml, int statusCode = StatusCodes.Status200OK, string? scriptPath = null, string? documentTitle = null,
        string? headerHtml = null, IReadOnlyList<string>? stylesheets = null)
    {
        var page = new PageSpec(title, Framing.OwnWebsite)
        {
            DocumentTitle = documentTitle,
            StatusCode = statusCode,
            ScriptPath = scriptPath,
            Stylesheets = stylesheets ?? [Stylesheets.Forms],
            Header = headerHtml is null ? null : Markup(headerHtml),
        };

        // Rendering has no asynchronous work (a component tree of plain markup), so this completes inline.
        return pages.PageAsync(response, page, Markup(bodyHtml)).GetAwaiter().GetResult();
    }

    // Already-encoded HTML from the hand-built pages (every value through H), until each becomes a component.
    private static RenderFragment Markup(string html) => builder => builder.AddMarkupContent(0, html);
}
