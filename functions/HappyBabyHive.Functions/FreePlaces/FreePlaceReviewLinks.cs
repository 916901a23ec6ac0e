using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// The link in the owner's email. The signed token names one request and expires; altering it to name another
/// request breaks the signature. The token is the owner's capability: it also goes in the review form as a hidden
/// field, so a decision needs a token that only the owner's inbox has ever seen.
/// </summary>
public sealed class FreePlaceReviewLinks(LinkSigner signer, IOptions<BusinessOptions> business, IOptions<FreePlaceOptions> options)
{
    public const string Purpose = "free-place-review";
    public const string Route = "free-place-review";
    public const string TokenParameter = "token";

    public string Token(string requestId) => signer.Sign(Purpose, requestId, options.Value.ReviewLinkLifetime);

    public Uri Url(string requestId) =>
        new($"{business.Value.PublicBaseUrl.TrimEnd('/')}/api/{Route}?{TokenParameter}={Uri.EscapeDataString(Token(requestId))}");

    /// <summary>The request the token names, when the token is genuine, for this purpose and unexpired.</summary>
    public VerifiedLink Verify(string? token)
    {
        var link = signer.Verify(Purpose, token);
        return link.IsValid && !FreePlaceRequestIds.IsValid(link.Subject) ? new VerifiedLink(LinkCheck.Malformed) : link;
    }
}
