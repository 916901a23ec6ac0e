using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// One Azurite (in memory) and one maildev on their standard ports, which the runner finds and reuses, with the app's
/// tables and queues (and the raw floor's queue) created: what every booking benchmark mode starts from.
/// </summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private BenchStorage(LocalEmulators emulators)
    {
        Emulators = emulators;
        Tables = new TableServiceClient(emulators.StorageConnectionString);
        Queues = new QueueServiceClient(emulators.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Bookings = Tables.GetTableClient(Options.BookingsTable);
    }

    public LocalEmulators Emulators { get; }

    public StorageOptions Options { get; } = new();

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Bookings { get; }

    public RawFloor RawFloor => new(Bookings, Queues.GetQueueClient(RawFloor.QueueName));

    public static async Task<BenchStorage> StartAsync(string root)
    {
        var emulators = await LocalEmulators.StartAsync(
            root,
            new LocalEmulatorOptions { BlobPort = 10000, QueuePort = 10001, TablePort = 10002, SmtpPort = 1025, MaildevWebPort = 1080 },
            Console.Out,
            CancellationToken.None);
        var storage = new BenchStorage(emulators);
        foreach (var table in storage.Options.AllTables)
        {
            await storage.Tables.CreateTableIfNotExistsAsync(table);
        }

        foreach (var queue in storage.Options.AllQueues.Append(RawFloor.QueueName))
        {
            await storage.Queues.GetQueueClient(queue).CreateIfNotExistsAsync();
        }

        return storage;
    }

    public ValueTask DisposeAsync() => Emulators.DisposeAsync();
}
