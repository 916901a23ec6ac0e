using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Configuration;

/// <summary>Settings for free places (section "FreePlaces"); every one has a sensible default.</summary>
public sealed class FreePlaceOptions
{
    public const string SectionName = "FreePlaces";

    /// <summary>
    /// Days after the owner's decision before the family's note (and the owner's decline message) is deleted. The
    /// note may reveal mental-health information, so it is kept only as long as the decision might be revisited.
    /// </summary>
    [Range(1, 3650)]
    public int NoteRetentionDays { get; set; } = 30;

    /// <summary>
    /// Days a request may stay undecided before its note is deleted all the same (the request stays, so the owner can
    /// still decide it). A note that waits unread for months serves nobody.
    /// </summary>
    [Range(1, 3650)]
    public int UndecidedNoteRetentionDays { get; set; } = 90;

    /// <summary>How long the review link in the owner's email works.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00")]
    public TimeSpan ReviewLinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>What the "we've received your request" email promises, e.g. "within 5 working days".</summary>
    [Required]
    [MaxLength(200)]
    public string ReplyWithin { get; set; } = "within five working days";

    /// <summary>Where to find support, added to every decline email. Plain text; the owner should check it suits her area.</summary>
    [Required]
    [MaxLength(2000)]
    public string DeclineSignposting { get; set; } =
        "If you'd like support in the meantime, your health visitor or GP is a good place to start, and Mind Hull and East Yorkshire " +
        "offers free mental-health support to parents across Hull and the East Riding. If you ever feel unsafe or in crisis, " +
        "call NHS 111 and choose the mental health option, or 999 in an emergency.";

    /// <summary>
    /// How long an approval in progress holds a request. It must outlive any single function invocation
    /// (host.json functionTimeout is 5 minutes), so that when a new approval takes over a stalled one, the stalled
    /// one can no longer be running.
    /// </summary>
    [Range(typeof(TimeSpan), "00:06:00", "01:00:00")]
    public TimeSpan ApprovalLease { get; set; } = TimeSpan.FromMinutes(10);
}
