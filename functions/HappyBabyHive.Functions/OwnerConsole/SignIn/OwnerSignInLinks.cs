using System.Security.Cryptography;
using HappyBabyHive.Configuration;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>
/// The sign-in link emailed to the owner. The signed token names one sign-in attempt (a random id, never the
/// address) and expires when the attempt does; the attempt's row says which owner it is for. It is signed with its own
/// derived key (<see cref="SigningKeyUse.OwnerSignInLinks"/>), so whoever can sign parents' links cannot sign one of these.
/// </summary>
public sealed class OwnerSignInLinks(IOptions<LinkOptions> keys, IOptions<BusinessOptions> business, TimeProvider time)
{
    private readonly LinkSigner signer = new(keys, time, SigningKeyUse.OwnerSignInLinks);

    public const string Purpose = "owner-sign-in";
    public const string Route = "console/sign-in/link";
    public const string TokenParameter = "token";

    public static string NewLinkId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsLinkId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public string Token(string linkId, TimeSpan lifetime) => signer.Sign(Purpose, linkId, lifetime);

    public Uri Url(string linkId, TimeSpan lifetime) =>
        new($"{business.Value.PublicBaseUrl.TrimEnd('/')}/api/{Route}?{TokenParameter}={Uri.EscapeDataString(Token(linkId, lifetime))}");

    public VerifiedLink Verify(string? token)
    {
        var link = signer.Verify(Purpose, token);
        return link.IsValid && !IsLinkId(link.Subject) ? new VerifiedLink(LinkCheck.Malformed) : link;
    }
}
