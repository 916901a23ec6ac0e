using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Configuration;
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
/// The sign-in link's rules with the table mocked: what is stored and queued (the same for owners and strangers, with
/// no personal data on the queue), expiry at 15 minutes, single use, tampering and key rotation.
/// </summary>
public sealed class OwnerSignInServiceTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private readonly Mock<TableClient> table = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly List<IReadOnlyList<TableTransactionAction>> transactions = [];
    private readonly Dictionary<(string, string), ITableEntity> rows = [];

    public OwnerSignInServiceTests()
    {
        table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<TableTransactionAction>, CancellationToken>((actions, _) =>
            {
                var list = actions.ToList();
                transactions.Add(list);
                foreach (var action in list)
                {
                    rows[(action.Entity.PartitionKey, action.Entity.RowKey)] = action.Entity;
                }
            })
            .ReturnsAsync(Mock.Of<Response<IReadOnlyList<Response>>>());
        table.Setup(t => t.GetEntityIfExistsAsync<OwnerSignInAttemptEntity>(It.IsAny<string>(), It.IsAny<string>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string pk, string rk, IEnumerable<string>? _, CancellationToken _) => Found<OwnerSignInAttemptEntity>(pk, rk));
        table.Setup(t => t.GetEntityIfExistsAsync<OwnerSignInUseEntity>(It.IsAny<string>(), It.IsAny<string>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string pk, string rk, IEnumerable<string>? _, CancellationToken _) => Found<OwnerSignInUseEntity>(pk, rk));

        // Table storage's Add fails with 409 when the row exists: that is what makes a link single-use.
        table.Setup(t => t.AddEntityAsync(It.IsAny<OwnerSignInUseEntity>(), It.IsAny<CancellationToken>()))
            .Returns((OwnerSignInUseEntity entity, CancellationToken _) =>
            {
                if (!rows.TryAdd((entity.PartitionKey, entity.RowKey), entity))
                {
                    throw new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null);
                }

                return Task.FromResult(Mock.Of<Response>());
            });
    }

    private NullableResponse<T> Found<T>(string pk, string rk)
        where T : class, ITableEntity
    {
        var response = new Mock<NullableResponse<T>>();
        var found = rows.TryGetValue((pk, rk), out var row) && row is T;
        response.SetupGet(r => r.HasValue).Returns(found);
        response.SetupGet(r => r.Value).Returns(found ? (T)row! : null);
        return response.Object;
    }

    private OwnerSignInLinks Links(string key = Key, string? previous = null) => new(
        Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previous }),
        Options.Create(Business),
        clock);

    private OwnerSignInService Service(OwnerSignInLinks? links = null)
    {
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns(table.Object);
        return new OwnerSignInService(
            tables.Object, queue.Object, links ?? Links(), Owners(), Options.Create(new OwnerConsoleOptions()), Options.Create(new StorageOptions()), clock, NullLogger<OwnerSignInService>.Instance);
    }

    /// <summary>Asks for a link and returns the token the email would carry (signed as the composer signs it).</summary>
    private async Task<string> RequestAsync(string email = Owner)
    {
        await Service().RequestLinkAsync(email, CancellationToken.None);
        var attempt = transactions[^1].Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();
        return Links().Token(attempt.PartitionKey, attempt.ExpiresUtc - clock.GetUtcNow());
    }

    [Fact]
    public async Task An_owners_request_stores_the_attempt_and_its_email_together_and_queues_only_ids()
    {
        await Service().RequestLinkAsync(" Owner@HappyBabyHive.test ", CancellationToken.None);

        var actions = Assert.Single(transactions);
        var attempt = actions.Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();
        var outbox = actions.Select(a => a.Entity).OfType<OutboxEntity>().Single();
        Assert.All(actions, a => Assert.Equal(TableTransactionActionType.Add, a.ActionType));
        Assert.Equal(Owner, attempt.OwnerEmail);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), attempt.ExpiresUtc);
        Assert.Equal((EmailTemplates.OwnerSignInLink, OwnerSignInAttemptEntity.Row, attempt.PartitionKey), (outbox.Template, outbox.SubjectRowKey, outbox.PartitionKey));
        queue.Verify(q => q.EnqueueAsync(
            It.Is<OutboxMessage>(m => m.Table == TableNames.OwnerSignIns && m.PartitionKey == attempt.PartitionKey && m.RowKey == outbox.RowKey && !m.ToString().Contains('@')),
            null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_strangers_request_does_the_same_work_but_stores_no_address()
    {
        await Service().RequestLinkAsync("someone.else@example.co.uk", CancellationToken.None);

        var actions = Assert.Single(transactions);
        Assert.Equal([typeof(OwnerSignInAttemptEntity), typeof(OutboxEntity)], actions.Select(a => a.Entity.GetType()));
        Assert.Null(actions.Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single().OwnerEmail);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<OutboxMessage>(), null, It.IsAny<CancellationToken>()), Times.Once);
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

        table.Verify(t => t.AddEntityAsync(It.IsAny<OwnerSignInUseEntity>(), It.IsAny<CancellationToken>()), Times.Never);
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
        table.Verify(t => t.AddEntityAsync(It.IsAny<OwnerSignInUseEntity>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_longer_lived_token_for_the_same_attempt_still_ends_when_the_attempt_does()
    {
        await Service().RequestLinkAsync(Owner, CancellationToken.None);
        var attempt = transactions[^1].Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();
        var longLived = Links().Token(attempt.PartitionKey, TimeSpan.FromDays(1));

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
        var attempt = transactions[^1].Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();
        var reviewToken = new LinkSigner(Options.Create(new LinkOptions { SigningKey = Key }), clock).Sign("free-place-review", attempt.PartitionKey, TimeSpan.FromMinutes(15));

        Assert.Equal(SignInLinkStatus.Invalid, (await Service().RedeemAsync(reviewToken, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_token_made_with_the_emailed_links_key_cannot_sign_in_even_with_the_right_purpose()
    {
        // Whoever holds the key that signs parents' links (the same configured secret, another derived key) still
        // cannot mint a console sign-in link.
        await Service().RequestLinkAsync(Owner, CancellationToken.None);
        var attempt = transactions[^1].Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();
        var forged = new LinkSigner(Options.Create(new LinkOptions { SigningKey = Key }), clock).Sign(OwnerSignInLinks.Purpose, attempt.PartitionKey, TimeSpan.FromMinutes(15));

        Assert.Equal(SignInLinkStatus.Invalid, (await Service().RedeemAsync(forged, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_strangers_attempt_can_never_sign_in_even_with_a_genuinely_signed_token()
    {
        await Service().RequestLinkAsync("someone.else@example.co.uk", CancellationToken.None);
        var attempt = transactions[^1].Select(a => a.Entity).OfType<OwnerSignInAttemptEntity>().Single();

        var (status, email) = await Service().RedeemAsync(Links().Token(attempt.PartitionKey, TimeSpan.FromMinutes(15)), CancellationToken.None);

        Assert.Equal((SignInLinkStatus.Invalid, (string?)null), (status, email));
    }

    [Fact]
    public async Task Rotating_the_key_without_keeping_the_old_one_refuses_links_already_sent()
    {
        var token = await RequestAsync();

        var rotated = Service(Links(key: "cZLVujAcXU+p0P6s8Rn7V7jajNvaDubLdOVCRrxvPwK6osIAjlKMNdIvVegCHfvk"));

        Assert.Equal(SignInLinkStatus.Invalid, (await rotated.RedeemAsync(token, CancellationToken.None)).Status);
    }
}
