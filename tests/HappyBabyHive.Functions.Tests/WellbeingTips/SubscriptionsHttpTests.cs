using System.Text;
using HappyBabyHive.Configuration;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Pages;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.WellbeingTips;

public sealed class SubscriptionsHttpTests
{
    private static readonly string Key = SubscriberKeys.For(TestSettings.Hasher, "sam@example.co.uk");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly Mock<ISubscriptionService> subscriptions = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = new(o => o.SubscriptionsPerClient = new HappyBabyHive.Abuse.LimitRule { Permits = 2, Window = TimeSpan.FromDays(1) });
    private readonly SubscriptionLinks links;
    private readonly PublicSubscriptionsHttp function;

    public SubscriptionsHttpTests()
    {
        links = TipsTestData.Links(clock);
        var website = Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" });
        var page = HappyBabyHive.TestSupport.TestPages.Results(Options.Create(new BrandingOptions()), Options.Create(TipsTestData.Business), website);
        function = new PublicSubscriptionsHttp(subscriptions.Object, links, new SubscriptionPages(page, Options.Create(new WellbeingTipsOptions())), new Cors(website), abuse.Guard, abuse.Subjects);
    }

    [Fact]
    public async Task A_subscription_request_is_202_with_a_check_your_inbox_message()
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.Is<SubscriptionRequest>(r => r.Email == "sam@example.co.uk" && r.Consent), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SubscribeOutcome.Accepted());

        var result = Assert.IsType<AcceptedResult>(await function.CreateSubscription(HttpRequests.Json("POST", """{"email":"sam@example.co.uk","consent":true}"""), CancellationToken.None));

        Assert.Contains("check your inbox", System.Text.Json.JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_honeypot_hit_looks_the_same_as_a_real_request()
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SubscribeOutcome.Ignored());

        Assert.IsType<AcceptedResult>(await function.CreateSubscription(HttpRequests.Json("POST", """{"email":"a@b.co","consent":true,"leaveThisEmpty":"x"}"""), CancellationToken.None));
    }

    [Fact]
    public async Task Field_errors_are_422_problem_details()
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SubscribeOutcome.Invalid(new Dictionary<string, string[]> { ["consent"] = ["tick it"] }));

        var result = Assert.IsType<ObjectResult>(await function.CreateSubscription(HttpRequests.Json("POST", """{"email":"a@b.co"}"""), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
    }

    [Fact]
    public async Task Bad_bodies_and_too_many_requests_get_problem_details_without_reaching_the_service()
    {
        Assert.Equal(415, Assert.IsType<ObjectResult>(await function.CreateSubscription(HttpRequests.Json("POST", "email=a", "text/plain"), CancellationToken.None)).StatusCode);
        Assert.Equal(413, Assert.IsType<ObjectResult>(await function.CreateSubscription(HttpRequests.Json("POST", new string(' ', JsonBody.MaxBytes + 1)), CancellationToken.None)).StatusCode);
        Assert.Equal(400, Assert.IsType<ObjectResult>(await function.CreateSubscription(HttpRequests.Json("POST", "{", clientAddress: "203.0.113.8"), CancellationToken.None)).StatusCode);
        subscriptions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Accepted_subscriptions_over_the_shared_limit_get_429()
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SubscribeOutcome.Accepted());
        const string body = """{"firstName":"Sam","email":"sam@example.co.uk","consent":true}""";
        await function.CreateSubscription(HttpRequests.Json("POST", body), CancellationToken.None);
        await function.CreateSubscription(HttpRequests.Json("POST", body), CancellationToken.None);

        Assert.Equal(429, Assert.IsType<ObjectResult>(await function.CreateSubscription(HttpRequests.Json("POST", body), CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task Opening_the_confirm_link_shows_a_button_and_confirms_nothing()
    {
        var url = links.ConfirmUrl(Key, "consent-1");

        var page = Assert.IsType<ContentResult>(await function.ConfirmSubscription(Get(url), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        using var document = HostileHtml.Parse(page.Content!);
        var form = document.QuerySelector("form[method=post]")!;
        Assert.Equal(TokenOf(url), form.QuerySelector("input[name=token]")!.GetAttribute("value"));
        Assert.Equal("Yes, send me the weekly tips", form.QuerySelector("button[type=submit]")!.TextContent);
        subscriptions.VerifyNoOtherCalls(); // strict mock: a GET never reaches ConfirmAsync
    }

    [Fact]
    public async Task Pressing_the_button_posts_the_token_and_confirms()
    {
        var url = links.ConfirmUrl(Key, "consent-1");
        subscriptions.Setup(s => s.ConfirmAsync(Key, "consent-1", It.IsAny<CancellationToken>())).ReturnsAsync(ConfirmOutcome.Confirmed);

        var page = Assert.IsType<ContentResult>(await function.ConfirmSubscription(FormPost(path: url.Split('?')[0], form: "token=" + Uri.EscapeDataString(TokenOf(url))), CancellationToken.None));

        Assert.Equal(200, page.StatusCode);
        using var document = HostileHtml.Parse(page.Content!);
        Assert.Contains("Your weekly wellbeing tip arrives every Monday", document.QuerySelector("section.card")!.TextContent, StringComparison.Ordinal);
        subscriptions.Verify(s => s.ConfirmAsync(Key, "consent-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_expired_or_damaged_confirm_link_explains_itself()
    {
        var url = links.ConfirmUrl(Key, "consent-1");
        clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(410, Assert.IsType<ContentResult>(await function.ConfirmSubscription(Get(url), CancellationToken.None)).StatusCode);
        Assert.Equal(400, Assert.IsType<ContentResult>(await function.ConfirmSubscription(Get(url[..^5]), CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task One_click_unsubscribe_works_from_the_header_URL_without_any_page()
    {
        var url = links.UnsubscribeUrl(Key);
        subscriptions.Setup(s => s.UnsubscribeAsync(Key, It.IsAny<CancellationToken>())).ReturnsAsync(UnsubscribeOutcome.Unsubscribed);

        // RFC 8058: the mail app POSTs "List-Unsubscribe=One-Click" to the header's URL (token in the query string).
        var result = Assert.IsType<ContentResult>(await function.Unsubscribe(FormPost(url, "List-Unsubscribe=One-Click"), CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        subscriptions.Verify(s => s.UnsubscribeAsync(Key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Unsubscribing_a_subscriber_we_no_longer_hold_says_so_instead_of_pretending_it_worked()
    {
        subscriptions.Setup(s => s.UnsubscribeAsync(Key, It.IsAny<CancellationToken>())).ReturnsAsync(UnsubscribeOutcome.NotFound);

        var result = Assert.IsType<ContentResult>(await function.Unsubscribe(FormPost(links.UnsubscribeUrl(Key), "List-Unsubscribe=One-Click"), CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        using var document = HostileHtml.Parse(result.Content!);
        Assert.Equal("We couldn't find this subscription", document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("most recent one", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("You've unsubscribed", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_unsubscribe_link_shows_a_button_and_changes_nothing()
    {
        var page = Assert.IsType<ContentResult>(await function.Unsubscribe(Get(links.UnsubscribeUrl(Key)), CancellationToken.None));

        using var document = HostileHtml.Parse(page.Content!);
        Assert.Equal("Unsubscribe", document.QuerySelector("form[method=post] button[type=submit]")!.TextContent);
        subscriptions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_confirm_token_cannot_unsubscribe_anyone()
    {
        var confirm = links.ConfirmUrl(Key, "consent-1").Replace("/confirm?", "/unsubscribe?", StringComparison.Ordinal);

        Assert.Equal(400, Assert.IsType<ContentResult>(await function.Unsubscribe(FormPost(confirm, "List-Unsubscribe=One-Click"), CancellationToken.None)).StatusCode);
        subscriptions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_hostile_token_is_encoded_back_into_the_page()
    {
        var token = "<script>x</script>";

        var page = Assert.IsType<ContentResult>(await function.Unsubscribe(Get("https://x.test/api/subscriptions/unsubscribe?token=" + Uri.EscapeDataString(token)), CancellationToken.None));

        Assert.Equal(400, page.StatusCode);
        HostileHtml.AssertOnlyText(page.Content!);
        Assert.DoesNotContain("<script>x", page.Content, StringComparison.Ordinal);
    }

    private static string TokenOf(string url) => Uri.UnescapeDataString(new Uri(url).Query.Split("token=")[1]);

    private static HttpRequest Get(string url)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(new Uri(url).Query);
        return context.Request;
    }

    private static HttpRequest FormPost(string path, string form)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString(new Uri(path).Query);
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var bytes = Encoding.UTF8.GetBytes(form);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }
}
