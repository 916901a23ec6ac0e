using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.OwnerConsole;
using HappyBabyHive.OwnerConsole.SignIn;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>
/// The sign-in link's rules with an in-memory store: what is stored and queued (the same for owners and strangers,
/// with no personal data on the queue), expiry at 15 minutes, single use, tampering and key rotation.
/// </summary>
public sealed class OwnerSignInServiceTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly MemorySignInStore store = new();

    private OwnerSignInLinks Links(string key = Key, string? previous = null) => new(
        Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previous }),
        Options.Create(Business),
        clock);

    private OwnerSignInService Service(OwnerSignInLinks? links = null)
    {
        return new OwnerSignInService(
            store, queue.Object, links ?? Links(), Owners(), Options.Create(new OwnerConsoleOptions()), clock, NullLogger<OwnerSignInService>.Instance);
    }

    /// <summary>Asks for a link and returns the token the email would carry (signed as the composer signs it).</summary>
    private async Task<string> RequestAsync(string email = Owner)
    {
        await Service().RequestLinkAsync(email, CancellationToken.None);
        var attempt = store.Attempts[^1];
        return Links().Token(attempt.LinkId, attempt.ExpiresUtc - clock.GetUtcNow());
    }

    [Fact]
    public async Task An_owners_request_stores_the_attempt_and_its_email_together_and_queues_only_ids()
    {
        await Service().RequestLinkAsync(" Owner@HappyBabyHive.test ", CancellationToken.None);

        var attempt = Assert.Single(store.Attempts);
        Assert.Equal(Owner, attempt.OwnerEmail);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), attempt.ExpiresUtc);
        Assert.Equal(OwnerSignInService.OutboxGracePeriod, Assert.Single(store.Graces));
        queue.Verify(q => q.EnqueueAsync(
            It.Is<OutboxMessage>(m => m == MemorySignInStore.MessageFor(attempt.LinkId) && !m.ToString().Contains('@')),
            null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_strangers_request_does_the_same_work_but_stores_no_address()
    {
        await Service().RequestLinkAsync("someone.else@example.co.uk", CancellationToken.None);

        var attempt = Assert.Single(store.Attempts);
        Assert.Null(attempt.OwnerEmail);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), attempt.ExpiresUtc);
        queue.Verify(q => q.EnqueueAsync(MemorySignInStore.MessageFor(attempt.LinkId), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_link_works_once()
    {
        var token = await RequestAsync();

        Assert.Equal(SignInLinkStatus.Usable, await Service().CheckAsync(token, CancellationToken.None));
        Assert.Equal((SignInLinkStatus.Usable, Owner), await Service().RedeemAsync(token, CancellationToken.None));
        Assert.Equal((SignInLinkStatus.AlreadyUsed, (string?)null), await Service().RedeemAsync(token, CancellationToken.None));
        Assert.Equal(SignInLinkStatus.AlreadyUsed, await Service().CheckAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task Checking_a_link_never_uses_it()
    {
        var token = await RequestAsync();

        await Service().CheckAsync(token, CancellationToken.None);
        await Service().CheckAsync(token, CancellationToken.None);

        Assert.Equal(0, store.UseAttempts);
        Assert.Equal(SignInLinkStatus.Usable, (await Service().RedeemAsync(token, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_link_expires_after_15_minutes()
    {
        var token = await RequestAsync();

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInLinkStatus.Usable, await Service().CheckAsync(token, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((SignInLinkStatus.Expired, (string?)null), await Service().RedeemAsync(token, CancellationToken.None));
        Assert.Equal(0, store.UseAttempts);
    }

    [Fact]
    public async Task A_longer_lived_token_for_the_same_attempt_still_ends_when_the_attempt_does()
    {
        await Service().RequestLinkAsync(Owner, CancellationToken.None);
        var attempt = store.Attempts[^1];
        var longLived = Links().Token(attempt.LinkId, TimeSpan.FromDays(1));

        clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(SignInLinkStatus.Expired, (await Service().RedeemAsync(longLived, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_tampered_link_is_refused()
    {
        var token = await RequestAsync();
        var tampered = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        Assert.Equal((SignInLinkStatus.Invalid, (string?)null), await Service().RedeemAsync(tampered, CancellationToken.None));
        Assert.Equal(SignInLinkStatus.Invalid, await Service().CheckAsync(token[..^4], CancellationToken.None));
        Assert.Equal(SignInLinkStatus.Invalid, await Service().CheckAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_link_signed_for_another_purpose_is_refused()
    {
        await Service().RequestLinkAsync(Owner, CancellationToken.None);
        var attempt = store.Attempts[^1];
        var reviewToken = new LinkSigner(Options.Create(new LinkOptions { SigningKey = Key }), clock).Sign("free-place-review", attempt.LinkId, TimeSpan.FromMinutes(15));

        Assert.Equal(SignInLinkStatus.Invalid, (await Service().RedeemAsync(reviewToken, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_token_made_with_the_emailed_links_key_cannot_sign_in_even_with_the_right_purpose()
    {
        // Whoever holds the key that signs parents' links (the same configured secret, another derived key) still
        // cannot mint a console sign-in link.
        await Service().RequestLinkAsync(Owner, CancellationToken.None);
        var attempt = store.Attempts[^1];
        var forged = new LinkSigner(Options.Create(new LinkOptions { SigningKey = Key }), clock).Sign(OwnerSignInLinks.Purpose, attempt.LinkId, TimeSpan.FromMinutes(15));

        Assert.Equal(SignInLinkStatus.Invalid, (await Service().RedeemAsync(forged, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_strangers_attempt_can_never_sign_in_even_with_a_genuinely_signed_token()
    {
        await Service().RequestLinkAsync("someone.else@example.co.uk", CancellationToken.None);
        var attempt = store.Attempts[^1];

        var (status, email) = await Service().RedeemAsync(Links().Token(attempt.LinkId, TimeSpan.FromMinutes(15)), CancellationToken.None);

        Assert.Equal((SignInLinkStatus.Invalid, (string?)null), (status, email));
    }

    [Theory]
    [InlineData(null, SignInAddress.Missing)]
    [InlineData("   ", SignInAddress.Missing)]
    [InlineData("owner", SignInAddress.WrongFormat)]
    [InlineData("owner@", SignInAddress.WrongFormat)]
    [InlineData("two@at@example.co.uk", SignInAddress.WrongFormat)]
    public async Task Something_that_is_not_an_email_address_is_refused_in_words_and_stores_and_queues_nothing(string? typed, string message)
    {
        var outcome = await Service().RequestLinkAsync(typed, CancellationToken.None);

        Assert.Equal(new SignInRequestOutcome.Invalid(message), outcome);
        Assert.Empty(store.Attempts);
        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_address_longer_than_SMTP_allows_is_refused_and_one_at_the_limit_is_accepted()
    {
        var atLimit = new string('a', SignInAddress.MaxLength - "@example.co.uk".Length) + "@example.co.uk";

        Assert.Equal(new SignInRequestOutcome.Invalid(SignInAddress.WrongFormat), await Service().RequestLinkAsync("a" + atLimit, CancellationToken.None));
        Assert.Empty(store.Attempts);
        Assert.IsType<SignInRequestOutcome.Requested>(await Service().RequestLinkAsync(atLimit, CancellationToken.None));
        Assert.Single(store.Attempts);
    }

    [Fact]
    public async Task Rotating_the_key_without_keeping_the_old_one_refuses_links_already_sent()
    {
        var token = await RequestAsync();

        var rotated = Service(Links(key: "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk"));

        Assert.Equal(SignInLinkStatus.Invalid, (await rotated.RedeemAsync(token, CancellationToken.None)).Status);
    }
}

/// <summary>The sign-in store in memory, with the one behaviour the service relies on: a link's use is recorded once.</summary>
internal sealed class MemorySignInStore : IOwnerSignInStore
{
    private readonly HashSet<string> used = [];

    public List<SignInAttempt> Attempts { get; } = [];

    public List<TimeSpan> Graces { get; } = [];

    public int UseAttempts { get; private set; }

    public static OutboxMessage MessageFor(string linkId) =>
        new(TableNames.OwnerSignIns, linkId, RowKeys.Outbox(linkId, EmailTemplates.OwnerSignInLink));

    public Task<OutboxMessage> AddAsync(SignInAttempt attempt, TimeSpan outboxGracePeriod, CancellationToken cancellationToken)
    {
        Attempts.Add(attempt);
        Graces.Add(outboxGracePeriod);
        return Task.FromResult(MessageFor(attempt.LinkId));
    }

    public Task<SignInAttempt?> FindAsync(string linkId, CancellationToken cancellationToken) =>
        Task.FromResult(Attempts.LastOrDefault(a => a.LinkId == linkId));

    public Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken) => Task.FromResult(used.Contains(linkId));

    public Task<bool> TryUseAsync(string linkId, DateTimeOffset usedUtc, CancellationToken cancellationToken)
    {
        UseAttempts++;
        return Task.FromResult(used.Add(linkId));
    }
}
