using System.Buffers.Text;
using System.Security.Cryptography;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Layout;
using HappyBabyHive.Pages.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Web;

/// <summary>Who may show a page inside a frame.</summary>
public enum Framing
{
    /// <summary>The embeddable forms and their results: the business's own website (Website:Origins) only.</summary>
    OwnWebsite,

    /// <summary>Everything else (the console, review, confirm and unsubscribe pages): no site at all.</summary>
    Never,
}

/// <summary>How one page is served, besides its body.</summary>
/// <param name="Title">The page's heading (and the tab's title unless <see cref="DocumentTitle"/> is set).</param>
public sealed record PageSpec(string Title, Framing Framing)
{
    public string? DocumentTitle { get; init; }

    public int StatusCode { get; init; } = StatusCodes.Status200OK;

    /// <summary>The forms' script (relative to the page), or null.</summary>
    public string? ScriptPath { get; init; }

    /// <summary>Style sheets after the site's own (<see cref="Pages.Styles.Stylesheets"/>).</summary>
    public IReadOnlyList<string> Stylesheets { get; init; } = [];

    /// <summary>A banner above the main content (the console's navigation).</summary>
    public RenderFragment? Header { get; init; }

    public bool Wide { get; init; }

    /// <summary>
    /// Origins a form on this page may be redirected to after posting (CSP form-action covers redirects): the booking
    /// form's 303 to Stripe Checkout.
    /// </summary>
    public IReadOnlyList<string> FormRedirectOrigins { get; init; } = [];
}

/// <summary>
/// Serves a page component inside <see cref="PageDocument"/> and sets the headers every page carries: a strict
/// Content-Security-Policy (no third-party anything; inline style only by this response's nonce; script only from
/// this origin), framing as the page allows, no caching, no sniffing, no referrer, and Retry-After on a busy 503.
/// </summary>
public sealed class PageResults(ComponentHtml html, IOptions<BrandingOptions> branding, IOptions<BusinessOptions> business, IOptions<WebsiteOptions> website)
{
    private Brand? brand;

    /// <summary>Renders <typeparamref name="TBody"/> with <paramref name="model"/> as the page's body.</summary>
    public Task<ContentResult> PageAsync<TBody>(HttpResponse response, PageSpec page, object model)
        where TBody : IComponent =>
        PageAsync(response, page, ComponentHtml.Fragment<TBody>(model));

    public async Task<ContentResult> PageAsync(HttpResponse response, PageSpec page, RenderFragment body)
    {
        // base64url: CSP allows '-' and '_' in a nonce, and unlike '+' they are never entity-encoded in the attribute.
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        SetHeaders(response, page, nonce);
        var shell = new PageShell(page.Title, page.DocumentTitle ?? page.Title, nonce, Brand, page.ScriptPath, page.Stylesheets, page.Header, page.Wide);
        var content = await html.RenderAsync<PageDocument>(new Dictionary<string, object?>
        {
            [nameof(PageDocument.Shell)] = shell,
            [nameof(PageDocument.Body)] = body,
        });
        return new ContentResult { StatusCode = page.StatusCode, ContentType = "text/html; charset=utf-8", Content = content };
    }

    // Options are validated at start-up and fixed for the process's life, so the brand is built once.
    private Brand Brand => brand ??= new Brand(
        business.Value.Name, branding.Value.LogoUrl, branding.Value.PrimaryColour, branding.Value.AccentColour, branding.Value.BackgroundColour, branding.Value.TextColour);

    private void SetHeaders(HttpResponse response, PageSpec page, string nonce)
    {
        var frameAncestors = page.Framing == Framing.OwnWebsite && website.Value.Origins.Count > 0 ? string.Join(' ', website.Value.Origins) : "'none'";
        var scriptSource = page.ScriptPath is null ? string.Empty : " script-src 'self';";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' https: data:; form-action {string.Join(' ', ["'self'", .. page.FormRedirectOrigins])}; connect-src 'self';{scriptSource} base-uri 'none'; frame-ancestors {frameAncestors}";
        if (page.Framing == Framing.Never)
        {
            response.Headers.XFrameOptions = "DENY";
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        if (page.StatusCode == StatusCodes.Status503ServiceUnavailable && string.IsNullOrEmpty(response.Headers.RetryAfter))
        {
            // Every "busy" page (booking form, console, review page) tells a browser or proxy when to come back.
            TryAgain.SetRetryAfter(response, TryAgain.AfterBusy);
        }
    }
}
