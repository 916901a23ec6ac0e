using Microsoft.AspNetCore.Components;

namespace HappyBabyHive.Pages.Layout;

/// <summary>What <see cref="PageDocument"/> needs besides the page's body.</summary>
/// <param name="Title">The page's heading.</param>
/// <param name="DocumentTitle">The browser tab's title before " | business"; "Error: …" while a form shows problems.</param>
/// <param name="Nonce">This response's CSP nonce for the inline style element.</param>
/// <param name="ScriptPath">The forms' script (same origin), or null for a page without script.</param>
/// <param name="Stylesheets">Style sheets after the site's own, from <see cref="Styles.Stylesheets"/>.</param>
/// <param name="Header">A banner above the main content (the console's navigation), or null.</param>
/// <param name="Wide">A wider main column (the console's register and lists).</param>
public sealed record PageShell(
    string Title,
    string DocumentTitle,
    string Nonce,
    Brand Brand,
    string? ScriptPath = null,
    IReadOnlyList<string>? Stylesheets = null,
    RenderFragment? Header = null,
    bool Wide = false);
