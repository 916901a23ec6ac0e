namespace HappyBabyHive.Pages.Review;

/// <summary>The review page's short answers: a decision just made or already made, and what can go wrong with a link.</summary>
public enum ReviewNoticeKind
{
    Decided,
    AlreadyDecided,
    LinkExpired,
    LinkBroken,
    NotFound,
    CrossSite,
    Message,
}

/// <param name="Decision">The decision (<see cref="ReviewNoticeKind.Decided"/>, <see cref="ReviewNoticeKind.AlreadyDecided"/>).</param>
/// <param name="Text">What happens next after a decision, or the message itself (<see cref="ReviewNoticeKind.Message"/>).</param>
/// <param name="LinkDays">How long review links work (<see cref="ReviewNoticeKind.LinkExpired"/>).</param>
public sealed record ReviewNoticeModel(ReviewNoticeKind Kind, DecisionModel? Decision = null, string? Text = null, int LinkDays = 0);
