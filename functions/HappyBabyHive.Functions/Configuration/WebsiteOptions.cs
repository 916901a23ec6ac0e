using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Configuration;

/// <summary>The business's own website, which embeds or links to our forms and calls the API from the browser.</summary>
public sealed class WebsiteOptions : IValidatableObject
{
    public const string SectionName = "Website";

    /// <summary>Comma-separated origins allowed to call the API from a browser, e.g. "https://www.example.co.uk".</summary>
    public string AllowedOrigins { get; set; } = string.Empty;

    public IReadOnlyList<string> Origins => AllowedOrigins
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(o => o.TrimEnd('/'))
        .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.PathAndQuery != "/")
            {
                yield return new ValidationResult(
                    $"Website:AllowedOrigins entry '{origin}' must be an origin like https://www.example.co.uk (scheme and host, no path).",
                    [nameof(AllowedOrigins)]);
            }
        }
    }
}
