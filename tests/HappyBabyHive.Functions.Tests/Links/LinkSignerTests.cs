using HappyBabyHive.Links;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Links;

public sealed class LinkSignerTests
{
    private const string Key = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private LinkSigner Signer(string key = Key, string? previous = null) =>
        new(Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previous }), clock);

    [Fact]
    public void A_fresh_link_verifies_with_its_subject()
    {
        var token = Signer().Sign("review", "request-123", TimeSpan.FromDays(14));

        var link = Signer().Verify("review", token);

        Assert.Equal((LinkCheck.Valid, "request-123"), (link.Check, link.Subject));
    }

    [Fact]
    public void A_link_expires_after_its_lifetime()
    {
        var token = Signer().Sign("review", "request-123", TimeSpan.FromDays(14));

        clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.True(Signer().Verify("review", token).IsValid);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LinkCheck.Expired, Signer().Verify("review", token).Check);
    }

    [Fact]
    public void A_link_altered_to_point_at_another_subject_is_refused()
    {
        var token = Signer().Sign("review", "request-123", TimeSpan.FromDays(14));
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString("review\nrequest-999\n9999999999"u8);

        var link = Signer().Verify("review", forgedPayload + token[token.IndexOf('.', StringComparison.Ordinal)..]);

        Assert.Equal(LinkCheck.BadSignature, link.Check);
        Assert.Null(link.Subject);
    }

    [Fact]
    public void A_link_for_one_purpose_cannot_be_used_for_another()
    {
        var token = Signer().Sign("unsubscribe", "subscriber-1", TimeSpan.FromDays(365));

        Assert.Equal(LinkCheck.WrongPurpose, Signer().Verify("review", token).Check);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_is_malformed_not_an_exception(string? token) =>
        Assert.Equal(LinkCheck.Malformed, Signer().Verify("review", token).Check);

    [Fact]
    public void Rotating_the_key_keeps_old_links_working_only_while_the_previous_key_is_configured()
    {
        var token = Signer("old-key-old-key-old-key-old-key-old").Sign("review", "r1", TimeSpan.FromDays(1));

        Assert.True(Signer(Key, previous: "old-key-old-key-old-key-old-key-old").Verify("review", token).IsValid);
        Assert.Equal(LinkCheck.BadSignature, Signer(Key).Verify("review", token).Check);
    }
}
