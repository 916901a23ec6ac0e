using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web.Pages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Privacy;

public sealed class PrivacyNoticeTests
{
    private static PrivacyNoticePage Page(BusinessOptions? business = null, string? payments = null, RetentionOptions? retention = null) => new(
        Options.Create(business ?? new BusinessOptions { Name = "The Happy Baby Hive", OwnerEmail = "hello@happybabyhive.test", PublicBaseUrl = "https://app.happybabyhive.test" }),
        Options.Create(retention ?? new RetentionOptions()),
        Options.Create(new FreePlaceOptions()),
        Options.Create(new EmailOptions()),
        PrivacyNoticePage.PaymentsEnabled(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PrivacyNoticePage.PaymentsEnabledSetting] = payments }).Build()));

    private static async Task<string> RenderAsync(PrivacyNoticePage page) => await TestPages.Renderer.RenderAsync<PrivacyNotice>(page.Model());

    [Fact]
    public async Task Hostile_business_details_stay_text()
    {
        var business = new BusinessOptions { Name = HostileHtml.AllInOne, CharityName = HostileHtml.Samples[1], OwnerEmail = "hello@happybabyhive.test", PublicBaseUrl = "https://app.happybabyhive.test" };

        var html = await RenderAsync(Page(business));

        HostileHtml.AssertOnlyText("<!DOCTYPE html><html><body>" + html + "</body></html>", HostileHtml.Samples[1]);
        Assert.Contains(HostileHtml.AllInOne, HostileHtml.Parse(html).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notice_states_the_configured_periods()
    {
        var text = HostileHtml.Parse(await RenderAsync(Page(retention: new RetentionOptions { BookingMonthsAfterCourseEnds = 24, UnconfirmedSubscriptionDays = 3, SignInRowDays = 30, UnsubscribedDetailsDays = 45, TipSentMarkerDays = 400 }))).Body!.TextContent;

        Assert.Contains("until 24 months after the course's last session", text, StringComparison.Ordinal);
        Assert.Contains("deleted after 3 days", text, StringComparison.Ordinal);
        Assert.Contains("deleted after 45 days", text, StringComparison.Ordinal);
        Assert.Contains("deleted after 400 days", text, StringComparison.Ordinal);
        Assert.Contains("30 days after we decide your request, or 90 days after you sent it", text, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("yes", false)]
    [InlineData("false", false)]
    [InlineData("not-a-bool{}", false)]
    [InlineData("true", true)]
    [InlineData(" True ", true)]
    public async Task Stripe_is_named_only_when_payments_are_enabled(string? setting, bool named)
    {
        var text = HostileHtml.Parse(await RenderAsync(Page(payments: setting))).Body!.TextContent;

        Assert.Equal(named, text.Contains("Stripe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_email_links_the_notice_in_both_parts()
    {
        var url = PrivacyNoticeLink.For(new BusinessOptions { PublicBaseUrl = "https://app.happybabyhive.test/" });
        var renderer = new EmailRenderer(TestPages.Renderer, url);

        var email = await renderer.RenderAsync(new EmailContent("The Happy Baby Hive", "Hello", [new EmailParagraph("Hi.")], "The Happy Baby Hive, Cottingham"));

        Assert.Equal("https://app.happybabyhive.test/api/privacy", url!.AbsoluteUri);
        Assert.Contains("https://app.happybabyhive.test/api/privacy", email.Text, StringComparison.Ordinal);
        using var document = HostileHtml.Parse(email.Html);
        Assert.Contains(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == url.AbsoluteUri);
    }
}
