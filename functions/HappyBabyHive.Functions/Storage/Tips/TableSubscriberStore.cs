using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Tips;

/// <summary>The TipSubscribers table: one partition per subscriber (their key), holding the subscriber, their consent events and owed emails.</summary>
internal sealed class TableSubscriberStore(TableServiceClient tables, IOptions<StorageOptions> storage) : ISubscriberStore
{
    private TableClient Subscribers => tables.GetTableClient(storage.Value.TipSubscribersTable);

    public async Task<Subscriber?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = await Subscribers.GetEntityIfExistsAsync<SubscriberEntity>(key, SubscriberRows.Profile, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToSubscriber() : null;
    }

    public async Task<string?> FindMovedToAsync(string forwardKey, CancellationToken cancellationToken)
    {
        var found = await Subscribers.GetEntityIfExistsAsync<TableEntity>(forwardKey, SubscriberRows.Moved, select: [SubscriberRows.MovedTo], cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString(SubscriberRows.MovedTo) : null;
    }

    public async Task<SubscriberSaved?> SaveAsync(
        Subscriber subscriber, string consentEvent, DateTimeOffset at, TimeSpan? confirmEmailGrace, CancellationToken cancellationToken)
    {
        var row = SubscriberEntity.From(subscriber);
        var actions = new List<TableTransactionAction>
        {
            subscriber.Version is null
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, row.ETag),
            new(TableTransactionActionType.Add, ConsentEventEntity.For(subscriber, consentEvent, at)),
        };

        OutboxMessage? email = null;
        if (confirmEmailGrace is { } grace)
        {
            var outbox = OutboxEntity.Create(
                subscriber.Key, $"{SubscriberRows.OutboxPrefix}{at.UtcTicks:D19}|{EmailTemplates.TipsConfirm}", EmailTemplates.TipsConfirm,
                SubscriberRows.Profile, at, grace);
            actions.Add(new(TableTransactionActionType.Add, outbox));
            email = new OutboxMessage(TableNames.TipSubscribers, subscriber.Key, outbox.RowKey);
        }

        try
        {
            await Subscribers.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is StorageStatus.AlreadyExists or StorageStatus.PreconditionFailed)
        {
            // A parallel request for the same address added or changed the subscriber first.
            return null;
        }

        return new SubscriberSaved(email);
    }

    public async IAsyncEnumerable<SubscriberKeyPage> ConfirmedAfterAsync(string afterKey, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey gt {afterKey} and RowKey eq {SubscriberRows.Profile} and Status eq {nameof(SubscriberStatus.Confirmed)}");
        await foreach (var page in Subscribers
            .QueryAsync<TableEntity>(filter, maxPerPage: pageSize, select: ["PartitionKey"], cancellationToken: cancellationToken)
            .AsPages())
        {
            yield return new SubscriberKeyPage([.. page.Values.Select(e => e.PartitionKey)], page.ContinuationToken is not null);
        }
    }
}
