using Azure;
using Azure.Data.Tables;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage;

namespace HappyBabyHive.IntegrationTests.Storage;

/// <summary>On Azurite: a refused transaction names the action that was refused, and writes nothing.</summary>
[Collection(UsesEmulators.Name)]
public sealed class TableTransactionBuilderTests(EmulatorFixture emulators)
{
    [Fact]
    public async Task An_insert_of_a_row_that_exists_is_named_and_nothing_is_written()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var table = app.BookingsTable;
        await table.AddEntityAsync(new TableEntity("p", "taken"));

        var transaction = new TableTransactionBuilder<string>()
            .Add("fresh row", new TableEntity("p", "fresh"))
            .Add("taken row", new TableEntity("p", "taken"))
            .Add("another fresh row", new TableEntity("p", "fresh2"));
        var refused = await Assert.ThrowsAsync<TableTransactionRejectedException<string>>(() => transaction.SubmitAsync(table, CancellationToken.None));

        Assert.Equal("taken row", refused.FailedName);
        Assert.True(refused.IsAlreadyExists);
        Assert.False(refused.IsPreconditionFailed);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "fresh")).HasValue);
    }

    [Fact]
    public async Task A_replace_with_a_stale_etag_is_named_as_a_lost_race()
    {
        // Azurite once ignored If-Match inside batches (Azurite#1233): this proves the pinned version honours it.
        await using var app = await AppServices.CreateAsync(emulators);
        var table = app.BookingsTable;
        await table.AddEntityAsync(new TableEntity("p", "counter") { ["Count"] = 1 });
        var stale = (await table.GetEntityAsync<TableEntity>("p", "counter")).Value;
        var fresh = (await table.GetEntityAsync<TableEntity>("p", "counter")).Value;
        fresh["Count"] = 2;
        await table.UpdateEntityAsync(fresh, fresh.ETag, TableUpdateMode.Replace);

        stale["Count"] = 5;
        var transaction = new TableTransactionBuilder<string>()
            .Add("new row", new TableEntity("p", "new"))
            .Replace("counter", stale);
        var refused = await Assert.ThrowsAsync<TableTransactionRejectedException<string>>(() => transaction.SubmitAsync(table, CancellationToken.None));

        Assert.Equal("counter", refused.FailedName);
        Assert.True(refused.IsPreconditionFailed);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "counter")).Value.GetInt32("Count"));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue);
    }

    [Fact]
    public void A_guarded_replace_without_the_etag_it_was_read_with_is_refused_before_it_is_sent()
    {
        Assert.Throws<InvalidOperationException>(() => new TableTransactionBuilder<string>().Replace("unread", new TableEntity("p", "r")));
        Assert.False(new TableTransactionBuilder<string>().Fits(TableTransactionBuilder<string>.MaxActions + 1));
    }

    [Fact]
    public async Task Storage_errors_other_than_a_refused_action_pass_through_unchanged()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var missing = app.Get<TableServiceClient>().GetTableClient("tnosuchtable" + Guid.NewGuid().ToString("N")[..8]);

        var transaction = new TableTransactionBuilder<string>().Add("row", new TableEntity("p", "r"));
        var failed = await Assert.ThrowsAnyAsync<RequestFailedException>(() => transaction.SubmitAsync(missing, CancellationToken.None));

        Assert.Equal(StorageStatus.NotFound, failed.Status);
    }
}
