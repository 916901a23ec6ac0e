using HappyBabyHive.Links;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Forms;
using HappyBabyHive.Web.Pages;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>The confirm and unsubscribe pages in the forms' look: a heading, then a card that says what happened or what to do.</summary>
public sealed class SubscriptionPagesTests
{
    private readonly SubscriptionPages pages = new(FormTestSupport.Page(), Options.Create(new WellbeingTipsOptions { ConfirmLinkLifetime = TimeSpan.FromDays(5) }));

    private static HttpResponse Response() => new DefaultHttpContext().Response;

    [Fact]
    public async Task The_confirm_page_puts_its_button_in_a_card_with_a_heading_and_posts_the_token_back_to_itself()
    {
        var token = HostileHtml.AllInOne;
        var page = await pages.ConfirmFormAsync(Response(), token);

        HostileHtml.AssertOnlyText(page.Content!, token);
        using var document = HostileHtml.Parse(page.Content!);
        var card = document.QuerySelector("section.card.status[aria-labelledby=status-title]")!;
        Assert.Equal("status", card.ClassName!.Split(' ')[^1]);
        Assert.Equal("One more step", card.QuerySelector("h2#status-title")!.TextContent);
        var form = card.QuerySelector("form[method=post]")!;
        Assert.False(form.HasAttribute("action"));
        Assert.Equal(token, form.QuerySelector("input[type=hidden][name=token]")!.GetAttribute("value"));
        Assert.Equal("Yes, send me the weekly tips", form.QuerySelector("button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task Results_are_status_cards_and_problems_are_problem_cards_with_what_to_do()
    {
        foreach (var result in new[] { await pages.ConfirmedAsync(Response()), await pages.UnsubscribedAsync(Response()) })
        {
            using var document = HostileHtml.Parse(result.Content!);
            Assert.Equal("card status", document.QuerySelector("section")!.ClassName);
        }

        var problems = new[]
        {
            await pages.ConfirmOutOfDateAsync(Response()), await pages.BadLinkAsync(Response(), LinkCheck.Malformed, unsubscribe: true), await pages.TooLargeAsync(Response()),
        };
        Assert.Equal([409, 400, 413], problems.Select(p => p.StatusCode!.Value));
        foreach (var problem in problems)
        {
            using var document = HostileHtml.Parse(problem.Content!);
            Assert.Equal("card status problem", document.QuerySelector("section")!.ClassName);
            Assert.Equal("What you can do", document.QuerySelector("section > h2#status-title")!.TextContent);
        }
    }

    [Fact]
    public async Task An_expired_confirm_link_says_how_long_links_work_as_configured()
    {
        var page = await pages.BadLinkAsync(Response(), LinkCheck.Expired, unsubscribe: false);

        Assert.Equal(410, page.StatusCode);
        using var document = HostileHtml.Parse(page.Content!);
        Assert.Contains("Confirmation links work for 5 days.", document.QuerySelector("section")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_are_never_framed_and_carry_no_script()
    {
        var response = Response();
        var page = await pages.UnsubscribeFormAsync(response, "token");

        Assert.Equal("DENY", response.Headers.XFrameOptions.ToString());
        Assert.EndsWith("frame-ancestors 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        using var document = HostileHtml.Parse(page.Content!);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Equal("Unsubscribe from weekly tips", document.QuerySelector("h1")!.TextContent);
    }
}
