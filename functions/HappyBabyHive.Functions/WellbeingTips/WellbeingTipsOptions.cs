using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.WellbeingTips;

public sealed class WellbeingTipsOptions : IValidatableObject
{
    public const string SectionName = "WellbeingTips";

    /// <summary>Folder holding the tip files, relative to the app's folder unless rooted.</summary>
    [Required]
    public string ContentDirectory { get; set; } = Path.Combine("Content", "Tips");

    /// <summary>
    /// The email provider's per-minute allowance for tips (an ACS custom domain starts at 30; an Azure-managed domain
    /// at 5). Tip emails are spread so they never exceed it. 0 means no per-minute limit.
    /// </summary>
    [Range(0, 100_000)]
    public int SendsPerMinute { get; set; } = 30;

    /// <summary>The per-hour allowance (ACS custom domain: 100 to start; Azure-managed: 10). 0 means no per-hour limit.</summary>
    [Range(0, 1_000_000)]
    public int SendsPerHour { get; set; } = 100;

    /// <summary>Subscribers read per page during fan-out (Table storage returns at most 1,000).</summary>
    [Range(1, 1000)]
    public int FanOutPageSize { get; set; } = 1000;

    /// <summary>Queue writes in flight at once during fan-out.</summary>
    [Range(1, 256)]
    public int FanOutParallelism { get; set; } = 32;

    /// <summary>How long one fan-out invocation works before handing over to a fresh queue message (well under functionTimeout).</summary>
    public TimeSpan FanOutTimeBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a fan-out holds the week after its last checkpoint before another delivery may take over.</summary>
    public TimeSpan FanOutLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one delivery holds a subscriber's weekly email before a redelivery may try again.</summary>
    public TimeSpan SendClaim { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan ConfirmLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Unsubscribe links in tip emails keep working this long (every email carries a fresh one).</summary>
    public TimeSpan UnsubscribeLinkLifetime { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Asking again within this time sends no second confirmation email (a double-click, a bot, a replay).</summary>
    public TimeSpan ConfirmResendAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The seconds between two tip emails that keep within both allowances; zero when neither is set.</summary>
    public TimeSpan SendInterval => TimeSpan.FromSeconds(Math.Max(
        SendsPerMinute > 0 ? 60.0 / SendsPerMinute : 0,
        SendsPerHour > 0 ? 3600.0 / SendsPerHour : 0));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FanOutLease <= TimeSpan.Zero || FanOutTimeBudget <= TimeSpan.Zero || SendClaim <= TimeSpan.Zero)
        {
            yield return new ValidationResult("WellbeingTips: FanOutLease, FanOutTimeBudget and SendClaim must be positive.");
        }
    }
}
