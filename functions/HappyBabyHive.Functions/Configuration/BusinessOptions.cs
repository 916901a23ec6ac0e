using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Configuration;

/// <summary>Who the business is and how parents reach it; used in every email.</summary>
public sealed class BusinessOptions
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
}
