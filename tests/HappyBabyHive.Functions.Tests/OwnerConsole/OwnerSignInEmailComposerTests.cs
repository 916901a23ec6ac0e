using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class OwnerSignInEmailComposerTests
{
    private const string LinkId = "0123456789abcdef0123456789abcdef";

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private static readonly OutboxMessage Message = new(TableNames.OwnerSignIns, LinkId, RowKeys.Outbox(LinkId, EmailTemplates.OwnerSignInLink));
    private readonly OwedEmail owed = new(Message, EmailTemplates.OwnerSignInLink, "attempt");

    private OwnerSignInLinks Links() => new(Options.Create(new LinkOptions { SigningKey = Key }), Options.Create(Business), clock);

    private OwnerSignInEmailComposer Composer(SignInAttempt? attempt)
    {
        var store = new Mock<IOwnerSignInStore>();
        store.Setup(s => s.FindAsync(LinkId, It.IsAny<CancellationToken>())).ReturnsAsync(attempt);
        return new OwnerSignInEmailComposer(store.Object, Options.Create(Business), Links(), Owners(), HappyBabyHive.Tests.Support.EmailChecks.Renderer, clock);
    }

    private SignInAttempt Attempt(string? email) => new(LinkId, email, clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(15));

    [Fact]
    public async Task The_owner_gets_a_link_that_signs_in_to_this_attempt_and_expires_with_it()
    {
        var attempt = Attempt(Owner);
        clock.Advance(TimeSpan.FromSeconds(30));

        var email = await Composer(attempt).ComposeAsync(owed, CancellationToken.None);

        Assert.Equal(Owner, email!.To.Address);
        Assert.Equal(OutboxEmailId.For(Message), email.IdempotencyKey);
        Assert.Contains("for the next 14 minutes", email.TextBody, StringComparison.Ordinal);
        var url = email.TextBody.Split('\n').Single(l => l.StartsWith("https://app.happybabyhive.test/api/console/sign-in/link?token=", StringComparison.Ordinal));
        var link = Links().Verify(Uri.UnescapeDataString(url.Split("token=")[1]));
        Assert.Equal((LinkCheck.Valid, LinkId), (link.Check, link.Subject));
        Assert.Equal(clock.GetUtcNow().AddSeconds(870), link.ExpiresUtc);
        using var document = HostileHtml.Parse(email.HtmlBody);
        Assert.Equal(url, Assert.Single(document.QuerySelectorAll("a[href]")).GetAttribute("href"));
        HappyBabyHive.Tests.Support.EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Fact]
    public async Task A_stranger_or_a_missing_attempt_sends_nothing()
    {
        Assert.Null(await Composer(Attempt(null)).ComposeAsync(owed, CancellationToken.None));
        Assert.Null(await Composer(null).ComposeAsync(owed, CancellationToken.None));
        Assert.Null(await Composer(Attempt("removed.owner@happybabyhive.test")).ComposeAsync(owed, CancellationToken.None));
    }

    [Fact]
    public async Task A_link_too_close_to_expiry_is_not_worth_sending()
    {
        Assert.Null(await Composer(new SignInAttempt(LinkId, Owner, clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(1))).ComposeAsync(owed, CancellationToken.None));
    }
}
