using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Links;

public sealed class LinkOptions : IValidatableObject
{
    public const string SectionName = "Links";

    /// <summary>
    /// The one secret from which every signing key is derived (emailed links, owner sign-in links, console sessions;
    /// see <see cref="SigningKeys"/>). From configuration only: Key Vault in Azure, local.settings.json locally, the
    /// tests' own key in tests. Must pass <see cref="SigningKeyRule"/>, or the app refuses to start.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>
    /// The key before the last rotation, still accepted (never used to sign) so links already emailed keep working
    /// until they expire. Leave empty to revoke every old link at once. Held to the same rule as SigningKey when set.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKeyRule.Problem(SigningKey, $"{SectionName}:{nameof(SigningKey)}") is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(SigningKey)]);
        }

        // Empty means "no rotation in progress"; anything else, including an unresolved reference, must be a real key.
        if (!string.IsNullOrEmpty(PreviousSigningKey) &&
            SigningKeyRule.Problem(PreviousSigningKey, $"{SectionName}:{nameof(PreviousSigningKey)}") is { } previousProblem)
        {
            yield return new ValidationResult(previousProblem, [nameof(PreviousSigningKey)]);
        }
    }
}
