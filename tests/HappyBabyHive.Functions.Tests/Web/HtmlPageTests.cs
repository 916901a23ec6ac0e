using HappyBabyHive.Configuration;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Web;

public sealed class HtmlPageTests
{
    private static HtmlPage Page(string primary = "#7a4e2d", string origins = "https://www.happybabyhive.test") => new(HappyBabyHive.TestSupport.TestPages.Results(
        Options.Create(new BrandingOptions { PrimaryColour = primary }),
        Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }),
        Options.Create(new WebsiteOptions { AllowedOrigins = origins })));

    [Fact]
    public void Pages_carry_a_strict_policy_and_may_be_framed_only_by_the_website()
    {
        var response = new DefaultHttpContext().Response;

        var page = Page().Render(response, "Hello <you>", "<p>body</p>");

        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors https://www.happybabyhive.test", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Contains("<title>Hello &lt;you&gt; | The Happy Baby Hive</title>", page.Content, StringComparison.Ordinal);
        Assert.Contains($"<style nonce=\"{csp.Split("'nonce-")[1].Split('\'')[0]}\">", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_configured_origins_no_site_may_frame_the_page()
    {
        var response = new DefaultHttpContext().Response;

        Page(origins: string.Empty).Render(response, "t", string.Empty);

        Assert.Contains("frame-ancestors 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_colour_setting_cannot_break_out_of_the_stylesheet()
    {
        var page = Page(primary: "red;} body{display:none").Render(new DefaultHttpContext().Response, "t", string.Empty);

        Assert.DoesNotContain("display:none", page.Content, StringComparison.Ordinal);
        Assert.Contains("--primary: #7a4e2d", page.Content, StringComparison.Ordinal);
    }
}
