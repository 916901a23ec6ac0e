using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Abuse;

/// <summary>
/// How the public forms resist scripts (docs/abuse-resistance.md): the form token's timing, and the shared limits on
/// what a post costs the business (a place taken, an email sent). Every limit is a fixed window counted in Table
/// storage, so it holds across instances. Defaults suit one small business; raise a limit rather than switch it off.
/// </summary>
public sealed class AbuseOptions : IValidatableObject
{
    public const string SectionName = "Abuse";

    /// <summary>A person needs longer than this to fill in any of the forms; a post sooner than this after the form was issued is a script.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a form token stays good: long enough for a parent who leaves the form open while the baby feeds.</summary>
    public TimeSpan FormTokenLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Whether a JSON post without a Form-Token header is refused (428). Off by default: the JSON API is also used by
    /// other clients with an Idempotency-Key, and a script can fetch a token as easily as a browser, so the shared
    /// limits below are what holds. A token that is sent is always checked.
    /// </summary>
    public bool RequireFormTokenOnApi { get; set; }

    /// <summary>Accepted bookings from one client address (IPv6 /64) for one course: a baby group on one Wi-Fi books together.</summary>
    public LimitRule BookingsPerClientPerCourse { get; set; } = new() { Permits = 10, Window = TimeSpan.FromDays(1) };

    /// <summary>Accepted bookings from one client address across all courses.</summary>
    public LimitRule BookingsPerClient { get; set; } = new() { Permits = 30, Window = TimeSpan.FromDays(1) };

    /// <summary>Accepted bookings for one email address on one course (twins and triplets are separate bookings).</summary>
    public LimitRule BookingsPerEmailPerCourse { get; set; } = new() { Permits = 4, Window = TimeSpan.FromDays(1) };

    /// <summary>Accepted free-place requests from one client address: a health visitor files them for several families.</summary>
    public LimitRule FreePlaceRequestsPerClient { get; set; } = new() { Permits = 20, Window = TimeSpan.FromDays(1) };

    /// <summary>Accepted tip subscriptions from one client address.</summary>
    public LimitRule SubscriptionsPerClient { get; set; } = new() { Permits = 20, Window = TimeSpan.FromDays(1) };

    /// <summary>Emails any public post makes us send to one address (confirmations, duplicate-booking notices): nobody can use the forms to flood a stranger's inbox.</summary>
    public LimitRule EmailsPerAddress { get; set; } = new() { Permits = 10, Window = TimeSpan.FromDays(1) };

    /// <summary>Sign-in emails for one typed address from one client: strict, and keyed on both so a flood from elsewhere never stops the owner's own requests.</summary>
    public LimitRule SignInEmailsPerAddressAndClient { get; set; } = new() { Permits = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Sign-in emails requested from one client, whatever the address typed (probing many addresses).</summary>
    public LimitRule SignInEmailsPerClient { get; set; } = new() { Permits = 20, Window = TimeSpan.FromHours(1) };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumFillTime < TimeSpan.Zero || MinimumFillTime >= FormTokenLifetime)
        {
            yield return new ValidationResult("Abuse:MinimumFillTime must be at least zero and shorter than Abuse:FormTokenLifetime.", [nameof(MinimumFillTime)]);
        }

        foreach (var (name, rule) in Rules())
        {
            if (rule.Permits < 1 || rule.Window < TimeSpan.FromSeconds(1) || rule.Window > TimeSpan.FromDays(31))
            {
                yield return new ValidationResult($"Abuse:{name} needs Permits of 1 or more and a Window between 1 second and 31 days.", [name]);
            }
        }
    }

    private IEnumerable<(string Name, LimitRule Rule)> Rules() =>
    [
        (nameof(BookingsPerClientPerCourse), BookingsPerClientPerCourse),
        (nameof(BookingsPerClient), BookingsPerClient),
        (nameof(BookingsPerEmailPerCourse), BookingsPerEmailPerCourse),
        (nameof(FreePlaceRequestsPerClient), FreePlaceRequestsPerClient),
        (nameof(SubscriptionsPerClient), SubscriptionsPerClient),
        (nameof(EmailsPerAddress), EmailsPerAddress),
        (nameof(SignInEmailsPerAddressAndClient), SignInEmailsPerAddressAndClient),
        (nameof(SignInEmailsPerClient), SignInEmailsPerClient),
    ];
}

/// <summary>At most <see cref="Permits"/> counted events per fixed <see cref="Window"/>.</summary>
public sealed class LimitRule
{
    public int Permits { get; set; }

    public TimeSpan Window { get; set; }
}
