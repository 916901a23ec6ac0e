using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Links;

public sealed class LinkOptions
{
    public const string SectionName = "Links";

    /// <summary>
    /// The secret that signs links in emails (review, confirm, unsubscribe). From configuration only: Key Vault in
    /// Azure, local.settings.json locally, the tests' own key in tests. At least 32 characters.
    /// </summary>
    [Required(ErrorMessage = "Links:SigningKey is required: set it to a random secret of at least 32 characters.")]
    [MinLength(32, ErrorMessage = "Links:SigningKey must be at least 32 characters long.")]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>
    /// The key before the last rotation, still accepted (never used to sign) so links already emailed keep working
    /// until they expire. Leave empty to revoke every old link at once.
    /// </summary>
    public string? PreviousSigningKey { get; set; }
}
