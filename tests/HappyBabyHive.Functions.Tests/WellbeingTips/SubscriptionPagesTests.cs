using HappyBabyHive.Links;
using HappyBabyHive.Tests.Forms;
using HappyBabyHive.Web.Pages;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>The confirm and unsubscribe pages in the forms' look: a heading, then a card that says what happened or what to do.</summary>
public sealed class SubscriptionPagesTests
{
    private readonly SubscriptionPages pages = new(FormTestSupport.Page(), Options.Create(new WellbeingTipsOptions { ConfirmLinkLifetime = TimeSpan.FromDays(5) }));

    private static HttpResponse Response() => new DefaultHttpContext().Response;

    [Fact]
    public void The_confirm_page_puts_its_button_in_a_card_with_a_heading()
    {
        var page = pages.ConfirmForm(Response(), "tok<en>");

        Assert.Contains("<section class=\"card status\" aria-labelledby=\"status-title\">\n<h2 id=\"status-title\">One more step</h2>", page.Content, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"token\" value=\"tok&lt;en&gt;\"><button type=\"submit\">Yes, send me the weekly tips</button>", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_are_status_cards_and_problems_are_problem_cards_with_what_to_do()
    {
        Assert.Contains("<section class=\"card status\"", pages.Confirmed(Response()).Content, StringComparison.Ordinal);
        Assert.Contains("<section class=\"card status\"", pages.Unsubscribed(Response()).Content, StringComparison.Ordinal);
        foreach (var problem in new[] { pages.ConfirmOutOfDate(Response()), pages.BadLink(Response(), LinkCheck.Malformed, unsubscribe: true), pages.TooLarge(Response()) })
        {
            Assert.Contains("<section class=\"card status problem\" aria-labelledby=\"status-title\">\n<h2 id=\"status-title\">What you can do</h2>", problem.Content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_expired_confirm_link_says_how_long_links_work_as_configured()
    {
        var page = pages.BadLink(Response(), LinkCheck.Expired, unsubscribe: false);

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("Confirmation links work for 5 days.", page.Content, StringComparison.Ordinal);
    }
}
