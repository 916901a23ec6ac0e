using System.Buffers.Text;
using System.Text;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlaceReviewLinksTests
{
    private readonly FreePlaceFixtures f = new();

    [Fact]
    public void The_link_points_at_the_review_page_and_names_the_request()
    {
        var url = f.Links().Url("fp-k7m3q9xpa2");

        Assert.StartsWith("https://hive.example/api/free-place-review?token=", url.AbsoluteUri, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(url.Query[(url.Query.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var link = f.Links().Verify(token);
        Assert.Equal((LinkCheck.Valid, "fp-k7m3q9xpa2"), (link.Check, link.Subject));
    }

    [Fact]
    public void The_link_expires_after_fourteen_days()
    {
        var token = f.Links().Token("fp-k7m3q9xpa2");

        f.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.True(f.Links().Verify(token).IsValid);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LinkCheck.Expired, f.Links().Verify(token).Check);
    }

    [Fact]
    public void A_link_altered_to_name_another_request_is_refused()
    {
        var token = f.Links().Token("fp-k7m3q9xpa2");
        var signature = token[token.IndexOf('.', StringComparison.Ordinal)..];
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("free-place-review\nfp-zzzzzzzzzz\n9999999999")) + signature;

        Assert.Equal(LinkCheck.BadSignature, f.Links().Verify(forged).Check);
        Assert.Equal(LinkCheck.BadSignature, f.Links().Verify(token[..^2] + (token[^2] == 'A' ? "BA" : "AA")).Check);
    }

    [Fact]
    public void A_link_signed_with_another_key_is_refused() =>
        Assert.Equal(LinkCheck.BadSignature, f.Links().Verify(f.Links("cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk").Token("fp-k7m3q9xpa2")).Check);

    [Fact]
    public void A_genuine_token_for_another_purpose_cannot_open_a_review() =>
        Assert.Equal(LinkCheck.WrongPurpose, f.Links().Verify(f.Signer().Sign("unsubscribe", "fp-k7m3q9xpa2", TimeSpan.FromDays(14))).Check);

    [Fact]
    public void A_genuine_review_token_whose_subject_is_not_a_request_id_is_refused() =>
        Assert.Equal(LinkCheck.Malformed, f.Links().Verify(f.Signer().Sign(FreePlaceReviewLinks.Purpose, "../../etc", TimeSpan.FromDays(14))).Check);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("a.b")]
    public void Garbage_is_refused_without_an_exception(string? token) => Assert.False(f.Links().Verify(token).IsValid);
}
