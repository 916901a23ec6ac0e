using Azure.Data.Tables;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.FreePlaces;

namespace HappyBabyHive.IntegrationTests.Storage;

/// <summary>On Azurite: the free-place request store keeps a request and its owed emails together, and every replace is version-guarded.</summary>
[Collection(UsesEmulators.Name)]
public sealed class FreePlaceRequestStoreTests(EmulatorFixture emulators)
{
    private static FreePlaceRequestRecord NewRequest(DateTimeOffset now) => new()
    {
        Id = FreePlaceRequestIds.New(),
        ParentName = "Jo Bloggs",
        Email = "jo@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 12, 1),
        ReferralSource = ReferralSource.GpOrMidwife,
        Note = "A private note",
        ConsentToStoreUtc = now,
        CreatedUtc = now,
    };

    [Fact]
    public async Task A_request_and_its_emails_are_added_once_and_read_back_as_stored()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IFreePlaceRequestStore>();
        var request = NewRequest(DateTimeOffset.UtcNow);

        var emails = await store.TryAddAsync(request, [EmailTemplates.FreePlaceReceived, EmailTemplates.FreePlaceOwnerNotification], CancellationToken.None);
        var again = await store.TryAddAsync(request with { ParentName = "Someone else" }, [EmailTemplates.FreePlaceReceived], CancellationToken.None);

        Assert.Equal(2, emails!.Count);
        Assert.All(emails, e => Assert.Equal((TableNames.FreePlaceRequests, request.Id), (e.Table, e.PartitionKey)));
        Assert.Null(again);
        var found = (await store.FindAsync(request.Id, CancellationToken.None))!;
        Assert.Equal(request with { Version = found.Version }, found);
        Assert.NotEmpty(found.Version);
        Assert.Null(await store.FindAsync("not-a-request-id", CancellationToken.None));
    }

    [Fact]
    public async Task A_replace_from_an_old_read_is_refused_and_one_from_the_returned_version_is_accepted()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IFreePlaceRequestStore>();
        var request = NewRequest(DateTimeOffset.UtcNow);
        await store.TryAddAsync(request, [], CancellationToken.None);
        var read = (await store.FindAsync(request.Id, CancellationToken.None))!;

        var held = await store.TryReplaceAsync(
            read with { Status = FreePlaceStatus.Approving, Approving = new ApprovalHold(DateTimeOffset.UtcNow.AddMinutes(10), "massage-x", true, DecisionRoute.Link) },
            CancellationToken.None);
        var stale = await store.TryReplaceOwingEmailAsync(read with { Status = FreePlaceStatus.Declined }, EmailTemplates.FreePlaceDeclined, DateTimeOffset.UtcNow, CancellationToken.None);
        var released = await store.TryReplaceAsync(held! with { Status = FreePlaceStatus.Pending, Approving = null }, CancellationToken.None);

        Assert.Null(stale);
        Assert.NotNull(released);
        Assert.False((await app.Get<TableServiceClient>().GetTableClient(app.Storage.FreePlaceRequestsTable)
            .GetEntityIfExistsAsync<OutboxEntity>(request.Id, RowKeys.Outbox(request.Id, EmailTemplates.FreePlaceDeclined))).HasValue);
        Assert.Equal(released, await store.FindAsync(request.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Emptied_text_is_dropped_from_the_row_and_the_purge_query_finds_only_decided_requests_with_text()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var store = app.Get<IFreePlaceRequestStore>();
        var now = DateTimeOffset.UtcNow;
        var decided = NewRequest(now);
        var pending = NewRequest(now);
        await store.TryAddAsync(decided, [], CancellationToken.None);
        await store.TryAddAsync(pending, [], CancellationToken.None);
        var read = (await store.FindAsync(decided.Id, CancellationToken.None))!;
        await store.TryReplaceOwingEmailAsync(
            read with { Status = FreePlaceStatus.Declined, DecidedUtc = now, DecidedVia = DecisionRoute.Api, DeclineMessage = "Sorry" }, EmailTemplates.FreePlaceDeclined, now, CancellationToken.None);

        var due = Assert.Single(await store.ListNotesDecidedByAsync(now, CancellationToken.None), r => r.Id == decided.Id || r.Id == pending.Id);
        await store.TryReplaceAsync(due with { Note = null, DeclineMessage = null, NotePurgedUtc = now }, CancellationToken.None);

        var raw = (await app.Get<TableServiceClient>().GetTableClient(app.Storage.FreePlaceRequestsTable).GetEntityAsync<TableEntity>(decided.Id, FreePlaceRequestEntity.Row)).Value;
        Assert.False(raw.ContainsKey(nameof(FreePlaceRequestRecord.Note)));
        Assert.False(raw.ContainsKey(nameof(FreePlaceRequestRecord.DeclineMessage)));
        Assert.False(raw.GetBoolean(nameof(FreePlaceRequestEntity.HasNote)));
        Assert.Equal("Declined", raw.GetString(nameof(FreePlaceRequestEntity.Status)));
        Assert.DoesNotContain(await store.ListNotesDecidedByAsync(now, CancellationToken.None), r => r.Id == decided.Id || r.Id == pending.Id);
    }
}
