using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Configuration;

/// <summary>Who the business is and how parents reach it; used in every email.</summary>
public sealed class BusinessOptions : IValidatableObject
{
    public const string SectionName = "Business";

    [Required]
    public string Name { get; set; } = "The Happy Baby Hive";

    /// <summary>Where parents' replies and questions go, and where owner notifications are sent.</summary>
    [Required]
    [EmailAddress]
    public string OwnerEmail { get; set; } = string.Empty;

    /// <summary>The app's own public address (links in emails point here), e.g. https://func-xyz.azurewebsites.net.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = string.Empty;

    public string CharityName { get; set; } = "Mind Hull and East Yorkshire";

    public string Area { get; set; } = "Hull and the East Riding of Yorkshire";

    /// <summary>
    /// The share of each course fee given to <see cref="CharityName"/>, until the owner saves her own figure in the
    /// console (see Settings/IBusinessSettingsStore).
    /// </summary>
    [Range(0, 100)]
    public decimal DonationPercent { get; set; } = 10;

    /// <summary>
    /// Optional https address of the business's booking terms on its website; when set, the booking form's "I accept
    /// the booking terms" links to it. Not in Bicep: the owner adds it as an app setting once the page exists.
    /// </summary>
    public string? TermsUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(TermsUrl) && !IsHttpsUrl(TermsUrl))
        {
            yield return new ValidationResult(
                $"Business:TermsUrl '{TermsUrl}' must be a full https address, like https://www.example.co.uk/booking-terms.",
                [nameof(TermsUrl)]);
        }
    }

    // A page on the web, not a script or data URL, and never sent over plain http from our https pages.
    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host) && string.IsNullOrEmpty(uri.UserInfo);
}
