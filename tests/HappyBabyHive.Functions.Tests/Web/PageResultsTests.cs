using HappyBabyHive.Configuration;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Web;

/// <summary>What every page carries, whatever its body: the document around it and the headers.</summary>
public sealed class PageResultsTests
{
    private static PageResults Pages(string primary = "#7a4e2d", string origins = "https://www.happybabyhive.test") => TestPages.Results(
        Options.Create(new BrandingOptions { PrimaryColour = primary }),
        Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }),
        Options.Create(new WebsiteOptions { AllowedOrigins = origins }));

    private static Task<ContentResult> RenderAsync(PageResults pages, HttpResponse response, PageSpec page, params string[] paragraphs) =>
        pages.PageAsync<MessageView>(response, page, new MessageModel(paragraphs));

    [Fact]
    public async Task A_page_carries_a_strict_policy_whose_nonce_is_the_style_elements()
    {
        var response = new DefaultHttpContext().Response;

        var page = await RenderAsync(Pages(), response, new PageSpec("Hello <you>", Framing.OwnWebsite), "body");

        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal(("nosniff", "no-store", "no-referrer"), (response.Headers.XContentTypeOptions.ToString(), response.Headers.CacheControl.ToString(), response.Headers["Referrer-Policy"].ToString()));
        using var document = HostileHtml.Parse(page.Content!);
        Assert.Equal("Hello <you> | The Happy Baby Hive", document.Title);
        var nonce = csp.Split("'nonce-")[1].Split('\'')[0];
        Assert.Equal(nonce, Assert.Single(document.QuerySelectorAll("style")).GetAttribute("nonce"));
        Assert.Equal("Hello <you>", document.QuerySelector("main h1")!.TextContent);
    }

    [Fact]
    public async Task Only_an_embeddable_page_may_be_framed_and_only_by_the_website()
    {
        var embeddable = new DefaultHttpContext().Response;
        var never = new DefaultHttpContext().Response;
        var noOrigins = new DefaultHttpContext().Response;

        await RenderAsync(Pages(), embeddable, new PageSpec("t", Framing.OwnWebsite));
        await RenderAsync(Pages(), never, new PageSpec("t", Framing.Never));
        await RenderAsync(Pages(origins: string.Empty), noOrigins, new PageSpec("t", Framing.OwnWebsite));

        Assert.EndsWith("frame-ancestors https://www.happybabyhive.test", embeddable.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, embeddable.Headers.XFrameOptions.ToString());
        Assert.EndsWith("frame-ancestors 'none'", never.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", never.Headers.XFrameOptions.ToString());
        Assert.EndsWith("frame-ancestors 'none'", noOrigins.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_with_the_forms_script_allows_script_from_this_origin_only()
    {
        var response = new DefaultHttpContext().Response;

        var page = await RenderAsync(Pages(), response, new PageSpec("t", Framing.OwnWebsite) { ScriptPath = "forms.js?v=1" });

        Assert.Contains(" script-src 'self';", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        using var document = HostileHtml.Parse(page.Content!);
        Assert.Equal("forms.js?v=1", Assert.Single(document.Scripts).Source);
    }

    [Fact]
    public async Task A_colour_setting_cannot_break_out_of_the_stylesheet()
    {
        var page = await RenderAsync(Pages(primary: "red;} body{display:none"), new DefaultHttpContext().Response, new PageSpec("t", Framing.Never));

        Assert.DoesNotContain("display:none", page.Content, StringComparison.Ordinal);
        Assert.Contains("--primary: #7a4e2d", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_the_title_and_body_stays_text()
    {
        var page = await RenderAsync(Pages(), new DefaultHttpContext().Response, new PageSpec(HostileHtml.AllInOne + "title", Framing.Never), HostileHtml.AllInOne + "body");

        HostileHtml.AssertOnlyText(page.Content!, HostileHtml.AllInOne + "title", HostileHtml.AllInOne + "body");
    }
}
