namespace HappyBabyHive.Web;

/// <summary>The business's look on every page we serve, set in configuration rather than code (CSS custom properties).</summary>
public sealed class BrandingOptions
{
    public const string SectionName = "Branding";

    /// <summary>Headings and buttons. Must keep 4.5:1 contrast with white text.</summary>
    public string PrimaryColour { get; set; } = "#7a4e2d";

    public string AccentColour { get; set; } = "#f1e6da";

    public string BackgroundColour { get; set; } = "#fbf7f2";

    public string TextColour { get; set; } = "#2f2a26";

    /// <summary>Optional https URL of the logo shown at the top of each page.</summary>
    public string? LogoUrl { get; set; }
}
