using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Outbox;

/// <summary>
/// The tables that hold outbox rows. Outbox rows live beside the change that owes them (same table, same partition)
/// so they are written in the same transaction; this maps a message's logical table name to the real one.
/// </summary>
internal sealed class OutboxTables(IOptions<StorageOptions> storage)
{
    public IReadOnlyList<string> LogicalNames { get; } = [TableNames.Bookings, TableNames.FreePlaceRequests, TableNames.TipSubscribers, TableNames.OwnerSignIns];

    public string PhysicalName(string logicalName) => logicalName switch
    {
        TableNames.Bookings => storage.Value.BookingsTable,
        TableNames.FreePlaceRequests => storage.Value.FreePlaceRequestsTable,
        TableNames.TipSubscribers => storage.Value.TipSubscribersTable,
        TableNames.OwnerSignIns => storage.Value.OwnerSignInsTable,
        _ => throw new ArgumentOutOfRangeException(nameof(logicalName), logicalName, "This table holds no outbox rows."),
    };
}
