using System.Text.RegularExpressions;

namespace HappyBabyHive.Pages.Layout;

/// <summary>The business's name, logo and colours as every page shows them.</summary>
public sealed partial record Brand
{
    public Brand(string businessName, string? logoUrl, string primary, string accent, string background, string text)
    {
        BusinessName = businessName;
        // Only an absolute https logo is shown (a page must not load anything over plain http); otherwise the name.
        LogoUrl = Uri.TryCreate(logoUrl, UriKind.Absolute, out var logo) && logo.Scheme == Uri.UriSchemeHttps ? logo : null;
        RootVariables =
            $":root {{ --primary: {Colour(primary, "#7a4e2d")}; --accent: {Colour(accent, "#f1e6da")}; --background: {Colour(background, "#fbf7f2")}; --text: {Colour(text, "#2f2a26")}; }}";
    }

    public string BusinessName { get; }

    public Uri? LogoUrl { get; }

    /// <summary>The CSS custom properties for the colours; each value is a checked hex colour or the default.</summary>
    public string RootVariables { get; }

    // Colours come from configuration and land inside a style element (raw text, never encoded), so only plain hex
    // colours are allowed through.
    private static string Colour(string value, string fallback) => HexColour().IsMatch(value) ? value : fallback;

    [GeneratedRegex("^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")]
    private static partial Regex HexColour();
}
