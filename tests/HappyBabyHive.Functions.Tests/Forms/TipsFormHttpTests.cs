using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Forms;

public sealed class TipsFormHttpTests : IDisposable
{
    private const string ValidForm = "firstName=Sam&email=sam%40example.co.uk&consent=true&leaveThisEmpty=";

    private readonly Mock<ISubscriptionService> subscriptions = new(MockBehavior.Strict);
    private readonly ClientRateLimiter rateLimiter = FormTestSupport.RateLimiter();
    private readonly PublicTipsFormHttp function;

    public TipsFormHttpTests()
    {
        function = new PublicTipsFormHttp(subscriptions.Object, FormTestSupport.Pages(rateLimiter), Options.Create(new WellbeingTipsOptions { ConfirmLinkLifetime = TimeSpan.FromDays(3) }));
    }

    public void Dispose() => rateLimiter.Dispose();

    private void Answer(SubscribeOutcome outcome) =>
        subscriptions.Setup(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

    [Fact]
    public async Task The_form_asks_for_consent_in_the_words_the_service_records_and_has_no_idempotency_key()
    {
        var page = FormTestSupport.Page(await function.TipsForm(HttpRequests.Get()), 200);

        var text = FormTestSupport.Decoded(page);
        Assert.Contains($"<span>{ConsentWording.Text}</span>", text, StringComparison.Ordinal);
        Assert.Contains("name=\"consent\" type=\"checkbox\" value=\"true\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("type=\"email\" value=\"\" autocomplete=\"email\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"given-name\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("data-api=\"../subscriptions\"", page.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("idempotencyKey", page.Content, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"forms.js?v={HappyBabyHive.Web.Forms.FormsScript.Version}\" defer></script>", page.Content, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AcceptedOutcomes))]
    public async Task A_good_post_or_a_honeypot_hit_ends_on_the_same_check_your_inbox_page(SubscribeOutcome outcome)
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.Is<SubscriptionRequest>(r => r.Email == "sam@example.co.uk" && r.FirstName == "Sam" && r.Consent), It.IsAny<CancellationToken>()))
            .ReturnsAsync(outcome);

        var page = FormTestSupport.Page(await function.TipsFormPost(FormTestSupport.Post(ValidForm), CancellationToken.None), 200);

        var text = FormTestSupport.Decoded(page);
        Assert.Contains("<h1>Check your inbox</h1>", text, StringComparison.Ordinal);
        Assert.Contains(PublicSubscriptionsHttp.AcceptedMessage, text, StringComparison.Ordinal);
        Assert.Contains("The link in it works for 3 days.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sam@example.co.uk", text, StringComparison.Ordinal);
    }

    public static TheoryData<SubscribeOutcome> AcceptedOutcomes => [new SubscribeOutcome.Accepted(), new SubscribeOutcome.Ignored()];

    [Fact]
    public async Task Field_errors_re_show_the_form_with_what_was_typed_encoded()
    {
        Answer(new SubscribeOutcome.Invalid(new Dictionary<string, string[]> { ["consent"] = ["Please tick the box to say you'd like the weekly tips."] }));

        var page = FormTestSupport.Page(await function.TipsFormPost(FormTestSupport.Post("firstName=" + Uri.EscapeDataString(FormTestSupport.Hostile) + "&email=sam%40example.co.uk"), CancellationToken.None), 422);

        Assert.Contains("<title>Error: Weekly wellbeing tips", page.Content, StringComparison.Ordinal);
        Assert.Contains("href=\"#f-consent\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("value=\"sam@example.co.uk\"", page.Content, StringComparison.Ordinal);
        FormTestSupport.AssertEncoded(page.Content!);
    }

    [Fact]
    public async Task Too_many_posts_are_limited_like_the_api()
    {
        Answer(new SubscribeOutcome.Accepted());
        await function.TipsFormPost(FormTestSupport.Post(ValidForm), CancellationToken.None);
        await function.TipsFormPost(FormTestSupport.Post(ValidForm), CancellationToken.None);

        var page = FormTestSupport.Page(await function.TipsFormPost(FormTestSupport.Post(ValidForm), CancellationToken.None), 429);

        Assert.Contains("press Send me the tips again", page.Content, StringComparison.Ordinal);
        subscriptions.Verify(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_refused_without_calling_the_service() =>
        FormTestSupport.Page(await function.TipsFormPost(HttpRequests.Json("POST", "{}"), CancellationToken.None), 400);
}
