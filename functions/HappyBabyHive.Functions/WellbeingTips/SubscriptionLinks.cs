using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// The signed links in tips emails. Each token is purpose-bound (a confirm token can't unsubscribe anyone, nor the
/// other way round), expires, and names only the subscriber key (a hash), never an address.
/// </summary>
public sealed class SubscriptionLinks(LinkSigner signer, IOptions<BusinessOptions> business, IOptions<WellbeingTipsOptions> options)
{
    public const string ConfirmPurpose = "tips-confirm";
    public const string UnsubscribePurpose = "tips-unsubscribe";
    public const string ConfirmPath = "api/subscriptions/confirm";
    public const string UnsubscribePath = "api/subscriptions/unsubscribe";

    public string ConfirmUrl(string subscriberKey, string consentId) =>
        Url(ConfirmPath, signer.Sign(ConfirmPurpose, $"{subscriberKey}.{consentId}", options.Value.ConfirmLinkLifetime));

    public string UnsubscribeUrl(string subscriberKey) =>
        Url(UnsubscribePath, signer.Sign(UnsubscribePurpose, subscriberKey, options.Value.UnsubscribeLinkLifetime));

    /// <summary>Checks a confirm token; on success returns the subscriber key and the consent it confirms.</summary>
    public (LinkCheck Check, string? SubscriberKey, string? ConsentId) VerifyConfirm(string? token)
    {
        var link = signer.Verify(ConfirmPurpose, token);
        if (!link.IsValid)
        {
            return (link.Check, null, null);
        }

        var parts = link.Subject!.Split('.');
        return parts.Length == 2 && SubscriberKeys.IsWellFormed(parts[0]) && parts[1].Length > 0
            ? (LinkCheck.Valid, parts[0], parts[1])
            : (LinkCheck.Malformed, null, null);
    }

    public (LinkCheck Check, string? SubscriberKey) VerifyUnsubscribe(string? token)
    {
        var link = signer.Verify(UnsubscribePurpose, token);
        if (!link.IsValid)
        {
            return (link.Check, null);
        }

        return SubscriberKeys.IsWellFormed(link.Subject) ? (LinkCheck.Valid, link.Subject) : (LinkCheck.Malformed, null);
    }

    private string Url(string path, string token) =>
        $"{business.Value.PublicBaseUrl.TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}";
}
