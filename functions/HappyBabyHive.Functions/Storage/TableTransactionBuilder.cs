using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage;

/// <summary>One action of a transaction, named by the caller so a failure can say which one was refused.</summary>
/// <typeparam name="TName">What the caller names actions with: a string, an enum, or a record that points back at its own bookkeeping.</typeparam>
public sealed record NamedTableAction<TName>(TName Name, TableTransactionActionType Type, ITableEntity Entity);

/// <summary>
/// An entity group transaction (one table, one partition, at most 100 actions) whose actions carry names. Table
/// Storage reports a failed transaction by the failed action's position; decoding positions by hand breaks silently
/// when the list is reordered. Here the position is turned back into the caller's name, in one place.
/// (Modelled on NuGet.Insights' MutableTableTransactionalBatch, which also keeps the entities beside the actions.)
/// </summary>
public sealed class TableTransactionBuilder<TName>
{
    /// <summary>Azure Table transactions hold at most 100 operations.</summary>
    public const int MaxActions = 100;

    private readonly List<NamedTableAction<TName>> actions = [];

    public int Count => actions.Count;

    public IReadOnlyList<NamedTableAction<TName>> Actions => actions;

    /// <summary>True when <paramref name="more"/> further actions still fit in one transaction (0: whether what is there fits).</summary>
    public bool Fits(int more) => actions.Count + more <= MaxActions;

    /// <summary>Insert; refused with 409 if the row exists.</summary>
    public TableTransactionBuilder<TName> Add(TName name, ITableEntity entity) => Append(name, TableTransactionActionType.Add, entity);

    /// <summary>Replace guarded by the entity's own ETag (the one it was read with); refused with 412 if it changed since.</summary>
    public TableTransactionBuilder<TName> Replace(TName name, ITableEntity entity) =>
        Append(name, TableTransactionActionType.UpdateReplace, entity);

    private TableTransactionBuilder<TName> Append(TName name, TableTransactionActionType type, ITableEntity entity)
    {
        if (type == TableTransactionActionType.UpdateReplace && entity.ETag == default)
        {
            // An update without the ETag it was read with would overwrite whatever is there: never what we mean here.
            throw new InvalidOperationException("A guarded replace needs the ETag the entity was read with.");
        }

        actions.Add(new NamedTableAction<TName>(name, type, entity));
        return this;
    }

    /// <summary>
    /// Submits every action as one transaction: all are written or none. Throws
    /// <see cref="TableTransactionRejectedException{TName}"/> naming the refused action when storage refuses one;
    /// anything else (storage unreachable) propagates unchanged.
    /// </summary>
    public async Task SubmitAsync(TableClient table, CancellationToken cancellationToken)
    {
        if (actions.Count == 0)
        {
            return;
        }

        if (actions.Count > MaxActions)
        {
            // Checked here rather than when adding, so a caller can plan a change and then ask Fits(0) whether it can be made.
            throw new InvalidOperationException($"A table transaction holds at most {MaxActions} actions; this one has {actions.Count}.");
        }

        try
        {
            await table.SubmitTransactionAsync(
                actions.Select(a => new TableTransactionAction(a.Type, a.Entity, a.Type == TableTransactionActionType.Add ? default : a.Entity.ETag)),
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (IsRefusedAction(e) && e.FailedTransactionActionIndex is { } index && index >= 0 && index < actions.Count)
        {
            throw new TableTransactionRejectedException<TName>(actions[index], e);
        }
    }

    // What one action can be refused for: its row exists (409), its ETag is stale (412), or the row it updates is gone
    // (404 ResourceNotFound). A missing table is also a 404 but is no action's fault, so it passes through unchanged.
    private static bool IsRefusedAction(TableTransactionFailedException e) =>
        e.Status is StorageStatus.AlreadyExists or StorageStatus.PreconditionFailed ||
        (e.Status == StorageStatus.NotFound && e.ErrorCode == "ResourceNotFound");
}

/// <summary>Storage refused one action of a transaction, so nothing in it was written.</summary>
public sealed class TableTransactionRejectedException<TName>(NamedTableAction<TName> failed, TableTransactionFailedException inner)
    : Exception($"The table transaction was refused at its {failed.Type} action (status {inner.Status}, {inner.ErrorCode}).", inner)
{
    public NamedTableAction<TName> Failed { get; } = failed;

    public TName FailedName => Failed.Name;

    public int Status { get; } = inner.Status;

    public string? ErrorCode { get; } = inner.ErrorCode;

    /// <summary>The refused action's ETag was stale: another writer won the race.</summary>
    public bool IsPreconditionFailed => Status == StorageStatus.PreconditionFailed;

    /// <summary>The refused action inserted a row that already exists.</summary>
    public bool IsAlreadyExists => Status == StorageStatus.AlreadyExists;
}
