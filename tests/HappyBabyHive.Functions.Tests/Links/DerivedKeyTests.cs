using HappyBabyHive.Links;
using HappyBabyHive.Tests.OwnerConsole;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Links;

/// <summary>One configured secret, a separate HKDF-derived key per use: a MAC made for one use is refused by every other.</summary>
public sealed class DerivedKeyTests
{
    private const string Key = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private LinkSigner Signer(SigningKeyUse use, string? previous = null) =>
        new(Options.Create(new LinkOptions { SigningKey = Key, PreviousSigningKey = previous }), clock, use);

    [Fact]
    public void Each_use_gets_a_different_key_and_none_is_the_secret_itself()
    {
        var keys = Enum.GetValues<SigningKeyUse>().Select(use => Convert.ToHexString(SigningKeys.Derive(Key, use))).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Equal(64, k.Length));
        Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(Key)[..32]), keys);
    }

    [Fact]
    public void A_token_signed_with_the_emailed_links_key_is_refused_by_the_owner_sign_in_signer()
    {
        var token = Signer(SigningKeyUse.EmailedLinks).Sign("owner-sign-in", "0123456789abcdef0123456789abcdef", TimeSpan.FromMinutes(15));

        Assert.Equal(LinkCheck.BadSignature, Signer(SigningKeyUse.OwnerSignInLinks).Verify("owner-sign-in", token).Check);
        Assert.True(Signer(SigningKeyUse.EmailedLinks).Verify("owner-sign-in", token).IsValid);
    }

    [Fact]
    public void Rotation_keeps_owner_sign_in_links_working_while_the_previous_key_is_configured()
    {
        const string newKey = "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk";
        var token = Signer(SigningKeyUse.OwnerSignInLinks).Sign("owner-sign-in", "0123456789abcdef0123456789abcdef", TimeSpan.FromMinutes(15));
        LinkSigner After(string? previous) => new(Options.Create(new LinkOptions { SigningKey = newKey, PreviousSigningKey = previous }), clock, SigningKeyUse.OwnerSignInLinks);

        Assert.True(After(previous: Key).Verify("owner-sign-in", token).IsValid);
        Assert.Equal(LinkCheck.BadSignature, After(previous: null).Verify("owner-sign-in", token).Check);
    }

    [Fact]
    public void A_session_cookie_forged_with_the_emailed_links_key_is_refused()
    {
        // Build the cookie payload exactly as OwnerSessionCookie does, but MAC it with the emailed-links key.
        var genuine = ConsoleTestSupport.Cookie(clock).Issue(ConsoleTestSupport.Request(), ConsoleTestSupport.Owner);
        var payload = System.Text.Encoding.UTF8.GetBytes($"owner-session\n{genuine.SessionId}\n{genuine.OwnerKey}\n{genuine.ExpiresUtc.ToUnixTimeSeconds()}");
        var forgedMac = System.Security.Cryptography.HMACSHA256.HashData(SigningKeys.Derive(Key, SigningKeyUse.EmailedLinks), payload);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(payload) + "." + System.Buffers.Text.Base64Url.EncodeToString(forgedMac);

        Assert.Equal(HappyBabyHive.OwnerConsole.Sessions.SessionCheck.BadSignature, ConsoleTestSupport.Cookie(clock).Verify(forged).Check);
    }
}
