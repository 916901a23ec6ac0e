using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web;

/// <summary>
/// Every HTML page the app serves (review, confirm, unsubscribe, forms): one calm, mobile-first layout, a strict
/// Content-Security-Policy (no third-party anything; inline style only by per-response nonce; no inline script), and
/// framing limited to the business's own website. Callers pass body HTML they have already encoded with <see cref="H"/>.
/// </summary>
public sealed partial class HtmlPage(IOptions<BrandingOptions> branding, IOptions<BusinessOptions> business, IOptions<WebsiteOptions> website)
{
    public static string H(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    /// <param name="headerHtml">Already-encoded HTML for a banner above the main content (the owner's console navigation).</param>
    /// <param name="extraStylesheet">More CSS for this page (a constant, never user input), added under the same nonce.</param>
    public ContentResult Render(
        HttpResponse response, string title, string bodyHtml, int statusCode = StatusCodes.Status200OK, string? scriptPath = null, string? documentTitle = null,
        string? headerHtml = null, string? extraStylesheet = null)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var frameAncestors = website.Value.Origins.Count == 0 ? "'none'" : string.Join(' ', website.Value.Origins);
        var scriptSource = scriptPath is null ? string.Empty : " script-src 'self';";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' https: data:; form-action 'self'; connect-src 'self';{scriptSource} base-uri 'none'; frame-ancestors {frameAncestors}";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        if (statusCode == StatusCodes.Status503ServiceUnavailable && string.IsNullOrEmpty(response.Headers.RetryAfter))
        {
            // Every "busy" page (booking form, console, review page) tells a browser or proxy when to come back.
            TryAgain.SetRetryAfter(response, TryAgain.AfterBusy);
        }

        var b = branding.Value;
        var logo = Uri.TryCreate(b.LogoUrl, UriKind.Absolute, out var logoUri) && logoUri.Scheme == Uri.UriSchemeHttps
            ? $"<img class=\"logo\" src=\"{H(logoUri.ToString())}\" alt=\"{H(business.Value.Name)}\">"
            : $"<p class=\"brand\">{H(business.Value.Name)}</p>";
        var script = scriptPath is null ? string.Empty : $"<script src=\"{H(scriptPath)}\" defer></script>";

        return new ContentResult
        {
            StatusCode = statusCode,
            ContentType = "text/html; charset=utf-8",
            Content = $"""
                <!DOCTYPE html>
                <html lang="en-GB">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <link rel="icon" href="data:,">
                <title>{H(documentTitle ?? title)} | {H(business.Value.Name)}</title>
                <style nonce="{nonce}">
                :root {"{"} --primary: {Colour(b.PrimaryColour, "#7a4e2d")}; --accent: {Colour(b.AccentColour, "#f1e6da")}; --background: {Colour(b.BackgroundColour, "#fbf7f2")}; --text: {Colour(b.TextColour, "#2f2a26")}; {"}"}
                {Stylesheet}
                {extraStylesheet}
                </style>
                {script}
                </head>
                <body>
                {headerHtml}
                <main id="main">
                {logo}
                <h1>{H(title)}</h1>
                {bodyHtml}
                </main>
                </body>
                </html>
                """,
        };
    }

    // Colours come from configuration and land inside a style element, so only plain hex colours are allowed.
    private static string Colour(string value, string fallback) => HexColour().IsMatch(value) ? value : fallback;

    [GeneratedRegex("^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")]
    private static partial Regex HexColour();

    private const string Stylesheet = """
        *, *::before, *::after { box-sizing: border-box; }
        body { margin: 0; background: var(--background); color: var(--text); font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        main { max-width: 38rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
        .brand { margin: 0 0 .25rem; color: var(--primary); font-weight: 600; letter-spacing: .02em; }
        .logo { max-height: 4rem; max-width: 60%; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; color: var(--primary); }
        h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
        a { color: var(--primary); }
        .card { background: #fff; border: 1px solid #e4d8cc; border-radius: .75rem; padding: 1rem; margin: 0 0 1rem; }
        .note { background: var(--accent); border-radius: .75rem; padding: .75rem 1rem; white-space: pre-wrap; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dt { font-weight: 600; }
        dd { margin: 0; overflow-wrap: anywhere; }
        label { display: block; font-weight: 600; margin: 1rem 0 .35rem; }
        input, select, textarea { width: 100%; font: inherit; padding: .7rem .75rem; border: 2px solid #8a7b6f; border-radius: .5rem; background: #fff; color: var(--text); }
        textarea { min-height: 7rem; }
        fieldset { border: 0; padding: 0; margin: 0; }
        .choice { display: flex; gap: .6rem; align-items: flex-start; font-weight: 400; }
        .choice input { width: 1.5rem; height: 1.5rem; flex: none; margin-top: .15rem; }
        button, .button { display: inline-block; min-height: 3rem; padding: .75rem 1.25rem; margin: 1.25rem .5rem 0 0; font: inherit; font-weight: 600; border-radius: .5rem; border: 2px solid var(--primary); background: var(--primary); color: #fff; cursor: pointer; text-decoration: none; }
        button.secondary { background: #fff; color: var(--primary); }
        :focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        .hint { color: #5c5048; font-size: .95rem; margin: .25rem 0 0; }
        .error { color: #a4161a; font-weight: 600; }
        .status { border-left: 6px solid var(--primary); }
        @media (prefers-reduced-motion: no-preference) { button { transition: background-color .15s; } }
        """ + FormStylesheet;

    // The public forms: radio cards for courses, errors beside fields, a summary that takes focus, a hidden honeypot.
    private const string FormStylesheet = """
        .field { margin: 0 0 1.1rem; }
        .field > label:not([class]), legend { display: block; font-weight: 600; margin: 0 0 .35rem; padding: 0; }
        legend { font-size: 1.2rem; margin-bottom: .5rem; }
        .field .error, .field-error { margin: .1rem 0 .35rem; }
        .field.invalid input:not([type=checkbox]):not([type=radio]), .field.invalid textarea { border-color: #a4161a; border-width: 3px; }
        .field.invalid { border-left: 4px solid #a4161a; padding-left: .75rem; }
        .course-option { display: flex; gap: .75rem; align-items: flex-start; background: #fff; border: 2px solid #c9b8a8; border-radius: .75rem; padding: .85rem; margin: 0 0 .75rem; font-weight: 400; cursor: pointer; }
        .course-option:has(input:checked) { border-color: var(--primary); box-shadow: 0 0 0 2px var(--primary); }
        .course-option:has(input:disabled) { opacity: .75; cursor: not-allowed; }
        .course-option input { width: 1.5rem; height: 1.5rem; flex: none; margin: .2rem 0 0; accent-color: var(--primary); }
        .course-option .course-title { display: block; font-weight: 700; }
        .course-option .course-meta { display: block; color: #4a3f37; }
        .availability { display: inline-block; margin-top: .35rem; padding: .1rem .55rem; border-radius: 1rem; background: var(--accent); color: var(--text); font-weight: 600; font-size: .95rem; }
        .checkbox { display: flex; gap: .6rem; align-items: flex-start; font-weight: 400; margin: 0; }
        .checkbox input { width: 1.5rem; height: 1.5rem; flex: none; margin-top: .15rem; accent-color: var(--primary); }
        .error-summary { border: 4px solid #a4161a; border-radius: .75rem; background: #fff; padding: 1rem; margin: 0 0 1.25rem; }
        .error-summary h2 { margin: 0 0 .5rem; color: #a4161a; }
        .error-summary ul { margin: 0; padding-left: 1.25rem; }
        .error-summary a { color: #a4161a; font-weight: 600; }
        .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        button[disabled] { opacity: .7; cursor: progress; }
        .card > h2:first-child { margin-top: 0; }
        .reference { font-size: 1.5rem; font-weight: 700; letter-spacing: .08em; }
        [hidden] { display: none !important; }
        .status.problem { border-left-color: #a4161a; }
        .card form button { margin-top: .5rem; }
        .checkbox a { font-weight: 600; }
        """;
}
