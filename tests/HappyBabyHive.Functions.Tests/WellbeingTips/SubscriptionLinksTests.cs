using HappyBabyHive.Links;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.WellbeingTips;

public sealed class SubscriptionLinksTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private static readonly string Key = SubscriberKeys.For(TestSettings.Hasher, "Sam@Example.co.uk ");

    private static string Token(string url) => Uri.UnescapeDataString(new Uri(url).Query.Split("token=")[1]);

    [Fact]
    public void Subscriber_keys_are_a_hash_of_the_normalised_address_and_contain_no_personal_data()
    {
        Assert.Equal(SubscriberKeys.For(TestSettings.Hasher, "sam@example.co.uk"), Key);
        Assert.True(SubscriberKeys.IsWellFormed(Key));
        Assert.DoesNotContain("sam", Key, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(SubscriberKeys.For(TestSettings.Hasher, "sam2@example.co.uk"), Key);
    }

    [Fact]
    public void An_unsubscribe_link_verifies_to_its_subscriber_and_carries_no_address()
    {
        var links = TipsTestData.Links(clock);
        var url = links.UnsubscribeUrl(Key);

        Assert.StartsWith("https://func-hbh.azurewebsites.net/api/subscriptions/unsubscribe?token=", url, StringComparison.Ordinal);
        Assert.DoesNotContain("example", url, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((LinkCheck.Valid, Key), links.VerifyUnsubscribe(Token(url)));
    }

    [Fact]
    public void Tokens_are_bound_to_their_purpose()
    {
        var links = TipsTestData.Links(clock);
        var unsubscribe = Token(links.UnsubscribeUrl(Key));
        var confirm = Token(links.ConfirmUrl(Key, "consent-1"));

        Assert.Equal(LinkCheck.WrongPurpose, links.VerifyConfirm(unsubscribe).Check);
        Assert.Equal(LinkCheck.WrongPurpose, links.VerifyUnsubscribe(confirm).Check);
        Assert.Equal((LinkCheck.Valid, Key, "consent-1"), links.VerifyConfirm(confirm));
    }

    [Fact]
    public void A_tampered_token_or_one_signed_with_another_key_is_refused()
    {
        var links = TipsTestData.Links(clock);
        var token = Token(links.UnsubscribeUrl(Key));
        var otherKey = SubscriberKeys.For(TestSettings.Hasher, "someone-else@example.co.uk");
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{SubscriptionLinks.UnsubscribePurpose}\n{otherKey}\n9999999999")) + "." + token.Split('.')[1];

        Assert.Equal(LinkCheck.BadSignature, links.VerifyUnsubscribe(forged).Check);
        Assert.Equal(LinkCheck.Malformed, links.VerifyUnsubscribe(token[..^3] + "!!!").Check);
        Assert.Equal(LinkCheck.Malformed, links.VerifyUnsubscribe(null).Check);
        var otherSigner = new SubscriptionLinks(
            new LinkSigner(Microsoft.Extensions.Options.Options.Create(new LinkOptions { SigningKey = "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk" }), clock),
            Microsoft.Extensions.Options.Options.Create(TipsTestData.Business),
            Microsoft.Extensions.Options.Options.Create(new WellbeingTipsOptions()));
        Assert.Equal(LinkCheck.BadSignature, otherSigner.VerifyUnsubscribe(token).Check);
    }

    [Fact]
    public void Confirm_links_expire_after_a_week_and_unsubscribe_links_last_much_longer()
    {
        var links = TipsTestData.Links(clock);
        var confirm = Token(links.ConfirmUrl(Key, "consent-1"));
        var unsubscribe = Token(links.UnsubscribeUrl(Key));

        clock.Advance(TimeSpan.FromDays(7));

        Assert.Equal(LinkCheck.Expired, links.VerifyConfirm(confirm).Check);
        Assert.Equal(LinkCheck.Valid, links.VerifyUnsubscribe(unsubscribe).Check);
        clock.Advance(TimeSpan.FromDays(393));
        Assert.Equal(LinkCheck.Expired, links.VerifyUnsubscribe(unsubscribe).Check);
    }
}
