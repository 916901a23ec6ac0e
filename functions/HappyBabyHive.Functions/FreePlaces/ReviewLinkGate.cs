using HappyBabyHive.Links;

namespace HappyBabyHive.FreePlaces;

public enum ReviewLinkStatus
{
    Usable,
    Broken,
    Expired,
    AlreadyUsed,
}

/// <summary>
/// The emailed review link opens once. Opening the page the link leads to changes nothing (email scanners open
/// links); pressing its button uses the link (remembered in storage, per request) and signs the owner in, after
/// which the request is reviewed from the console like any other.
/// </summary>
public sealed class ReviewLinkGate(FreePlaceReviewLinks links, IReviewLinkUses uses, TimeProvider time)
{
    /// <summary>What pressing the button would lead to, without using the link.</summary>
    public async Task<(ReviewLinkStatus Status, LinkCheck Check)> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var link = links.Verify(token);
        if (!link.IsValid)
        {
            return (link.Check == LinkCheck.Expired ? ReviewLinkStatus.Expired : ReviewLinkStatus.Broken, link.Check);
        }

        return (await uses.IsUsedAsync(link.Subject!, cancellationToken) ? ReviewLinkStatus.AlreadyUsed : ReviewLinkStatus.Usable, link.Check);
    }

    /// <summary>Uses the link: the request it names, or why not. Of two presses (or devices) exactly one wins.</summary>
    public async Task<(ReviewLinkStatus Status, LinkCheck Check, string? RequestId)> UseAsync(string? token, CancellationToken cancellationToken)
    {
        var link = links.Verify(token);
        if (!link.IsValid)
        {
            return (link.Check == LinkCheck.Expired ? ReviewLinkStatus.Expired : ReviewLinkStatus.Broken, link.Check, null);
        }

        return await uses.TryUseAsync(link.Subject!, time.GetUtcNow(), cancellationToken)
            ? (ReviewLinkStatus.Usable, link.Check, link.Subject)
            : (ReviewLinkStatus.AlreadyUsed, link.Check, null);
    }
}
