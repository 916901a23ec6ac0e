using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.OwnerConsole;

/// <summary>Who may sign in to the owner's console, and for how long (section "Owner"); every setting has a default.</summary>
public sealed class OwnerConsoleOptions : IValidatableObject
{
    public const string SectionName = "Owner";

    /// <summary>
    /// The addresses that may sign in (Owner__Emails__0, Owner__Emails__1, …). When empty, Business:OwnerEmail is the
    /// one owner, so a deployment needs no extra setting.
    /// </summary>
    public IList<string> Emails { get; set; } = [];

    /// <summary>
    /// Extra addresses that may sign in, as one comma-separated setting (Owner__SignInEmails, which the deployment sets
    /// from the azd value OWNER_SIGN_IN_EMAILS; empty when there are none). They add to the owners above (Emails, or
    /// Business:OwnerEmail), never replace them, so setting one extra address cannot lock the owner out.
    /// </summary>
    public string? SignInEmails { get; set; }

    /// <summary>The entries of <see cref="SignInEmails"/>, trimmed, empties dropped.</summary>
    public IReadOnlyList<string> ExtraSignInEmails() =>
        (SignInEmails ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>How long a sign-in lasts on one device before the owner is asked to sign in again.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an emailed sign-in link works. Short, because whoever holds the link can sign in once.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "01:00:00")]
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var address = new EmailAddressAttribute();
        foreach (var email in Emails)
        {
            if (string.IsNullOrWhiteSpace(email) || !address.IsValid(email.Trim()))
            {
                yield return new ValidationResult($"Owner:Emails entry '{email}' is not an email address.", [nameof(Emails)]);
            }
        }

        foreach (var email in ExtraSignInEmails())
        {
            if (!address.IsValid(email))
            {
                yield return new ValidationResult($"Owner:SignInEmails entry '{email}' is not an email address (separate addresses with commas).", [nameof(SignInEmails)]);
            }
        }
    }
}
