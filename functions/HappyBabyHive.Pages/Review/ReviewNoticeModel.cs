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

    /// <summary>The emailed link was opened before: it works once, then the owner reviews from her console.</summary>
    LinkUsed,

    /// <summary>The page a fresh emailed link opens: a button signs in and opens the request (GET changes nothing).</summary>
    Open,
}

/// <param name="Decision">The decision (<see cref="ReviewNoticeKind.Decided"/>, <see cref="ReviewNoticeKind.AlreadyDecided"/>).</param>
/// <param name="Text">What happens next after a decision, or the message itself (<see cref="ReviewNoticeKind.Message"/>).</param>
/// <param name="LinkDays">How long review links work (<see cref="ReviewNoticeKind.LinkExpired"/>).</param>
/// <param name="Open">The button that opens the request (<see cref="ReviewNoticeKind.Open"/>).</param>
public sealed record ReviewNoticeModel(ReviewNoticeKind Kind, DecisionModel? Decision = null, string? Text = null, int LinkDays = 0, OpenReviewModel? Open = null);

/// <summary>The emailed link's landing page: posting <paramref name="Token"/> to <paramref name="Action"/> uses the link once.</summary>
public sealed record OpenReviewModel(string Action, string TokenField, string Token);
