using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Forms;

public sealed class TipsFormHttpTests
{
    private const string ValidForm = "firstName=Sam&email=sam%40example.co.uk&consent=true&leaveThisEmpty=";

    private readonly Mock<ISubscriptionService> subscriptions = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = FormTestSupport.Abuse();
    private readonly PublicTipsFormHttp function;

    public TipsFormHttpTests()
    {
        function = new PublicTipsFormHttp(subscriptions.Object, FormTestSupport.Pages(abuse), abuse.Subjects, Options.Create(new WellbeingTipsOptions { ConfirmLinkLifetime = TimeSpan.FromDays(3) }));
    }

    private Microsoft.AspNetCore.Http.HttpRequest Form(string body) => FormTestSupport.Post(abuse, PublicTipsFormHttp.FormName, body);

    private void Answer(SubscribeOutcome outcome) =>
        subscriptions.Setup(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

    [Fact]
    public async Task The_form_asks_for_consent_in_the_words_the_service_records_and_has_no_idempotency_key()
    {
        var page = FormTestSupport.Page(await function.TipsForm(HttpRequests.Get()), 200);

        using var document = FormTestSupport.Dom(page);
        Assert.Equal(ConsentWording.Text, document.QuerySelector("label[for=f-consent] > span")!.TextContent);
        var consent = document.QuerySelector("#f-consent")!;
        Assert.Equal(("consent", "checkbox", "true"), (consent.GetAttribute("name"), consent.GetAttribute("type"), consent.GetAttribute("value")));
        var email = document.QuerySelector("#f-email")!;
        Assert.Equal(("email", string.Empty, "email"), (email.GetAttribute("type"), email.GetAttribute("value"), email.GetAttribute("autocomplete")));
        Assert.Equal("given-name", document.QuerySelector("#f-firstName")!.GetAttribute("autocomplete"));
        Assert.Equal("../subscriptions", document.QuerySelector("form")!.GetAttribute("data-api"));
        Assert.Null(document.QuerySelector("[name=idempotencyKey]"));
        FormTestSupport.AssertLoadsTheFormsScript(document);
    }

    [Theory]
    [MemberData(nameof(AcceptedOutcomes))]
    public async Task A_good_post_or_a_honeypot_hit_ends_on_the_same_check_your_inbox_page(SubscribeOutcome outcome)
    {
        subscriptions.Setup(s => s.SubscribeAsync(It.Is<SubscriptionRequest>(r => r.Email == "sam@example.co.uk" && r.FirstName == "Sam" && r.Consent), It.IsAny<CancellationToken>()))
            .ReturnsAsync(outcome);

        var page = FormTestSupport.Page(await function.TipsFormPost(Form(ValidForm), CancellationToken.None), 200);

        using var document = FormTestSupport.Dom(page);
        Assert.Equal("Check your inbox", document.QuerySelector("h1")!.TextContent);
        Assert.Equal(PublicSubscriptionsHttp.AcceptedMessage, document.QuerySelector("[data-slot=message]")!.TextContent);
        Assert.Contains("The link in it works for 3 days.", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("sam@example.co.uk", page.Content, StringComparison.Ordinal);
    }

    public static TheoryData<SubscribeOutcome> AcceptedOutcomes => [new SubscribeOutcome.Accepted(), new SubscribeOutcome.Ignored()];

    [Fact]
    public async Task Field_errors_re_show_the_form_with_what_was_typed_encoded()
    {
        Answer(new SubscribeOutcome.Invalid(new Dictionary<string, string[]> { ["consent"] = ["Please tick the box to say you'd like the weekly tips."] }));

        var page = FormTestSupport.Page(await function.TipsFormPost(Form("firstName=" + Uri.EscapeDataString(FormTestSupport.Hostile) + "&email=sam%40example.co.uk"), CancellationToken.None), 422);

        HostileHtml.AssertOnlyText(page.Content!, FormTestSupport.Hostile);
        using var document = FormTestSupport.Dom(page);
        Assert.StartsWith("Error: Weekly wellbeing tips", document.Title, StringComparison.Ordinal);
        Assert.Equal(["#f-consent"], document.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")));
        Assert.Equal("sam@example.co.uk", FormTestSupport.Value(document, "email"));
        Assert.Equal(FormTestSupport.Hostile, FormTestSupport.Value(document, "firstName"));
    }

    [Fact]
    public async Task Too_many_posts_are_limited_like_the_api()
    {
        Answer(new SubscribeOutcome.Accepted());
        await function.TipsFormPost(Form(ValidForm), CancellationToken.None);
        await function.TipsFormPost(Form(ValidForm), CancellationToken.None);

        var page = FormTestSupport.Page(await function.TipsFormPost(Form(ValidForm), CancellationToken.None), 429);

        using var document = FormTestSupport.Dom(page);
        Assert.Contains("we can't take this one just now", document.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        subscriptions.Verify(s => s.SubscribeAsync(It.IsAny<SubscriptionRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_refused_without_calling_the_service() =>
        FormTestSupport.Page(await function.TipsFormPost(HttpRequests.Json("POST", "{}"), CancellationToken.None), 400);
}
