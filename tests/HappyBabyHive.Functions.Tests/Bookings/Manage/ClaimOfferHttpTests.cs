using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>The claim page: GET shows the offer and changes nothing; "yes" claims; "no" asks first; each outcome has its page.</summary>
public sealed class ClaimOfferHttpTests
{
    private readonly ManageFixture f = new();

    private static async Task<ContentResult> Page(Task<IActionResult> result) => Assert.IsType<ContentResult>(await result);

    private Dictionary<string, string> Form(string action, bool confirm = false, string? token = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token ?? f.ClaimToken(), ["action"] = action };
        if (confirm)
        {
            form["confirm"] = "yes";
        }

        return form;
    }

    [Fact]
    public async Task Opening_the_link_shows_the_offer_with_its_UK_deadline_and_both_answers_and_changes_nothing()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        var commits = f.Store.Commits;

        var page = await Page(f.ClaimFunction.ShowClaimOffer(ManageFixture.Get(f.ClaimToken()), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Baby Massage for Little Ones", page.Content, StringComparison.Ordinal);
        Assert.Contains("Tuesday 2 February 2027, 10:00–11:00", System.Net.WebUtility.HtmlDecode(page.Content), StringComparison.Ordinal);
        Assert.Contains("Tuesday 5 January 2027 at 08:00", page.Content, StringComparison.Ordinal);
        Assert.Contains("Yes, I'll take it", page.Content, StringComparison.Ordinal);
        Assert.Contains("No thanks, offer it to someone else", page.Content, StringComparison.Ordinal);
        Assert.Equal(commits, f.Store.Commits);
        f.Changes.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public async Task The_claim_form_asks_how_to_pay_only_where_the_course_allows_another_way_and_card_payments_are_on(bool cardPayments, bool anotherWayAllowed, bool asks)
    {
        var course = f.Course with { PayAnotherWayAllowed = anotherWayAllowed };
        var fixture = new ManageFixture { Course = course };
        fixture.Payments.Enabled = cardPayments;
        await fixture.WithAsync(ManageFixture.Booking(BookingStatus.Offered));

        var page = await Page(fixture.ClaimFunction.ShowClaimOffer(ManageFixture.Get(fixture.ClaimToken()), CancellationToken.None));
        using var document = new HtmlParser().ParseDocument(page.Content!);

        var claimForm = document.QuerySelectorAll<IHtmlFormElement>("form").Single(form => form.QuerySelector("button")!.TextContent == "Yes, I'll take it");
        var radios = claimForm.QuerySelectorAll<IHtmlInputElement>("input[type=radio][name=paymentMethod]").ToList();
        if (!asks)
        {
            Assert.Empty(radios);
            return;
        }

        Assert.Equal("How would you like to pay?", claimForm.QuerySelector("fieldset legend")!.TextContent.Trim());
        Assert.Equal([("card", true), ("anotherWay", false)], radios.Select(r => (r.Value, r.IsChecked)));
        Assert.Equal(
            ["Pay by card now", "Pay by bank transfer or cash"],
            radios.Select(r => document.QuerySelector($"label[for='{r.Id}']")!.TextContent.Trim()));
        Assert.Equal(2, document.QuerySelectorAll("input[name=paymentMethod]").Length); // only the "yes" form asks
    }

    [Theory]
    [InlineData(null, PaymentMethod.Card)]
    [InlineData("card", PaymentMethod.Card)]
    [InlineData("anotherWay", PaymentMethod.AnotherWay)]
    public async Task Claiming_passes_on_how_the_family_chose_to_pay(string? chosen, PaymentMethod expected)
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        var booking = ManageFixture.Booking(BookingStatus.Offered) with { Status = BookingStatus.Confirmed };
        f.Changes.Setup(c => c.ClaimOfferAsync(f.Key, expected, It.IsAny<CancellationToken>())).ReturnsAsync(new ClaimOutcome.Claimed(booking, f.Course));
        var form = Form("claim");
        if (chosen is not null)
        {
            form["paymentMethod"] = chosen;
        }

        var page = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(form), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        f.Changes.Verify(c => c.ClaimOfferAsync(f.Key, expected, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_unknown_way_to_pay_claims_nothing()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        var form = Form("claim");
        form["paymentMethod"] = "<b>cheque</b>";

        var page = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(form), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        Assert.DoesNotContain("<b>cheque", page.Content, StringComparison.Ordinal);
        f.Changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Opening_the_link_after_claiming_says_the_place_is_already_yours()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered) with { Status = BookingStatus.Confirmed, OfferExpiresUtc = null });

        var page = await Page(f.ClaimFunction.ShowClaimOffer(ManageFixture.Get(f.ClaimToken()), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("This place is already yours", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_claim_link_says_kindly_that_the_offer_ended()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        var token = f.ClaimToken(ManageFixture.Now.AddHours(1));
        f.Clock.Advance(TimeSpan.FromHours(2));

        var page = await Page(f.ClaimFunction.ShowClaimOffer(ManageFixture.Get(token), CancellationToken.None));

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("Sorry, this offer has ended", page.Content, StringComparison.Ordinal);
        Assert.Contains("hello@happybabyhive.test", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manage_link_or_a_tampered_token_cannot_claim()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));

        var manage = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("claim", token: f.ManageToken)), CancellationToken.None));
        var tampered = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("claim", token: f.ClaimToken()[..^3] + "AAA")), CancellationToken.None));

        Assert.Equal(400, manage.StatusCode);
        Assert.Equal(400, tampered.StatusCode);
        f.Changes.VerifyNoOtherCalls();
    }

    public static TheoryData<string, int, string> ClaimOutcomes => new()
    {
        { "claimed", 200, "You&#x27;re booked!" },
        { "already", 200, "This place is already yours" },
        { "ended", 410, "Sorry, this offer has ended" },
        { "not-offered", 409, "You&#x27;re still on the waitlist" },
        { "not-found", 404, "We can&#x27;t find this booking" },
        { "busy", 503, "Please try again in a moment" },
    };

    [Theory]
    [MemberData(nameof(ClaimOutcomes))]
    public async Task Every_claim_outcome_has_its_own_page_and_status(string kind, int status, string words)
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        var booking = ManageFixture.Booking(BookingStatus.Offered);
        ClaimOutcome outcome = kind switch
        {
            "claimed" => new ClaimOutcome.Claimed(booking with { Status = BookingStatus.Confirmed }, f.Course),
            "already" => new ClaimOutcome.AlreadyClaimed(booking with { Status = BookingStatus.Confirmed }, f.Course),
            "ended" => new ClaimOutcome.OfferEnded(booking with { Status = BookingStatus.Cancelled }, f.Course),
            "not-offered" => new ClaimOutcome.NotOffered(ManageFixture.Booking(BookingStatus.Waitlisted), f.Course),
            "not-found" => new ClaimOutcome.NotFound(),
            _ => new ClaimOutcome.Busy(),
        };
        f.Changes.Setup(c => c.ClaimOfferAsync(f.Key, PaymentMethod.Card, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
        var request = ManageFixture.Post(Form("claim"));

        var page = await Page(f.ClaimFunction.AnswerClaimOffer(request, CancellationToken.None));

        Assert.Equal(status, page.StatusCode);
        Assert.Contains(words, page.Content, StringComparison.Ordinal);
        if (status == 503)
        {
            Assert.False(string.IsNullOrEmpty(request.HttpContext.Response.Headers.RetryAfter.ToString()));
        }
    }

    [Fact]
    public async Task No_thanks_asks_first_then_declines_the_offer_the_token_names()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));
        f.Changes.Setup(c => c.DeclineOfferAsync(f.Key, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelOutcome.Cancelled(ManageFixture.Booking() with { Status = BookingStatus.Cancelled }, f.Course, 1));

        var ask = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("decline")), CancellationToken.None));
        f.Changes.VerifyNoOtherCalls();
        var done = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("decline", confirm: true)), CancellationToken.None));

        Assert.Contains("Are you sure you don&#x27;t want the place?", ask.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"action\" value=\"decline\"", ask.Content, StringComparison.Ordinal);
        Assert.Equal(200, done.StatusCode);
        Assert.Contains("Thank you for letting us know", done.Content, StringComparison.Ordinal);
        f.Changes.Verify(c => c.DeclineOfferAsync(f.Key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_stale_no_thanks_after_claiming_never_gives_the_place_away()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered) with { Status = BookingStatus.Confirmed, OfferExpiresUtc = null });

        var page = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("decline", confirm: true)), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("This place is already yours", page.Content, StringComparison.Ordinal);
        f.Changes.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_cross_site_claim_is_refused()
    {
        await f.WithAsync(ManageFixture.Booking(BookingStatus.Offered));

        var page = await Page(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("claim"), "https://evil.example", "cross-site"), CancellationToken.None));

        Assert.Equal(403, page.StatusCode);
        f.Changes.VerifyNoOtherCalls();
    }
}
