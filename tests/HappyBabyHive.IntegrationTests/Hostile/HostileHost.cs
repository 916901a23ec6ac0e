using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Metadata;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// The whole app over real HTTP (the local runner, driven by functions.metadata) with its own table and queue name
/// prefix, so a scan of its storage sees only what these requests wrote. Timers and queue triggers are off (see
/// StartAsync); <see cref="DeliverEmailsAsync"/> sends the emails owed.
/// </summary>
public sealed class HostileHost : IAsyncDisposable
{
    public const string SigningKey = "KeFLeagOtOk/qDs4X+GKQkHoWJz/lqm1PS5wODGNtluJtDlrZC5WohAOfc9vH5KL";
    private HostileHost(LocalFunctionsHost runner, string ownerEmail)
    {
        Runner = runner;
        OwnerEmail = ownerEmail;
    }

    public LocalFunctionsHost Runner { get; }

    /// <summary>Unique to this host, so its owner's emails in the shared maildev are its own.</summary>
    public string OwnerEmail { get; }

    public StorageOptions Storage => Runner.Services.GetRequiredService<IOptions<StorageOptions>>().Value;

    public IEnumerable<FunctionMetadata> HttpFunctions => Runner.Functions.Where(f => f.Trigger?.IsType("httpTrigger") == true);

    /// <remarks>The shared limits are relaxed (<see cref="TestSettings.RelaxedAbuse"/>): the corpus sends thousands of requests from one address.</remarks>
    public static async Task<HostileHost> StartAsync(
        EmulatorFixture emulators,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
            ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Links__SigningKey"] = SigningKey,
            ["Storage__NamePrefix"] = "h" + Guid.NewGuid().ToString("N")[..10],
            ["Business__OwnerEmail"] = $"own-{Guid.NewGuid():N}@happybabyhive.test",

            // No timers: a sweep re-enqueueing an owed email mid-corpus would look like a refused request writing, and
            // a fake clock jumping days would fire them all.
            ["AzureWebJobs:SweepOutbox:Disabled"] = "true",
            ["AzureWebJobs:PurgeFreePlaceNotes:Disabled"] = "true",
            ["AzureWebJobs:ApplyRetention:Disabled"] = "true",
            ["AzureWebJobs:PublishWeeklyTip:Disabled"] = "true",
            ["AzureWebJobs:SendSessionReminders:Disabled"] = "true",
            ["AzureWebJobs:RecoverInterruptedMoves:Disabled"] = "true",
            ["AzureWebJobs:LapseEndedOffers:Disabled"] = "true",
            ["AzureWebJobs:ReleaseUnpaidHolds:Disabled"] = "true",
            ["AzureWebJobs:ReleaseUnusedFreePlaces:Disabled"] = "true",

            // No queue functions: the corpus compares storage before and after each request, so this host's emails
            // are sent when a test asks, by DeliverEmailsAsync, not by a listener at some moment in between. (The
            // triggers bind %Storage:NamePrefix%..., so they would take this host's own messages, nobody else's.)
            ["AzureWebJobs:SendEmail:Disabled"] = "true",
            ["AzureWebJobs:SendOwnerEmail:Disabled"] = "true",
            ["AzureWebJobs:FanOutWeeklyTip:Disabled"] = "true",
            ["AzureWebJobs:SendWeeklyTip:Disabled"] = "true",
        };
        foreach (var (key, value) in TestSettings.RelaxedAbuse("__").Concat(settings ?? new Dictionary<string, string?>()))
        {
            values[key] = value;
        }

        var runner = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions { Port = 0, Settings = values, ConfigureServices = configureServices });
        var host = new HostileHost(runner, values["Business__OwnerEmail"]!);
        await TestStorage.CreateAsync(runner.Services);
        return host;
    }

    public TableServiceClient Tables => Runner.Services.GetRequiredService<TableServiceClient>();

    public QueueServiceClient Queues => Runner.Services.GetRequiredService<QueueServiceClient>();

    public HttpClient CreateClient(bool withFunctionKey = false)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Runner.ApiBaseAddress };
        if (withFunctionKey)
        {
            http.DefaultRequestHeaders.Add(FunctionKeys.HeaderName, Runner.Keys.FunctionKey);
        }

        return http;
    }

    /// <summary>Every entity (table, keys, ETag) and every queue's message count: equal snapshots mean nothing was written.</summary>
    public async Task<StorageSnapshot> SnapshotAsync()
    {
        // All tables and queues at once: the corpus takes a snapshot around every write it sends.
        var tables = Storage.AllTables.Select(async table =>
        {
            var rows = new List<string>();
            await foreach (var entity in Tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{table}/{entity.PartitionKey}/{entity.RowKey}@{entity.ETag}");
            }

            return rows;
        }).ToList();
        // Every message, invisible ones included: a peek sees only visible messages, so a message an earlier request
        // enqueued with a delay (the tips fan-out does) would "appear" during a later, unrelated request.
        var queues = Storage.AllQueues.Select(async queue => (queue, Count: (await Queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount)).ToList();
        await Task.WhenAll(tables);
        await Task.WhenAll(queues);
        return new StorageSnapshot(
            new SortedSet<string>(tables.SelectMany(t => t.Result), StringComparer.Ordinal),
            new SortedDictionary<string, int>(queues.ToDictionary(q => q.Result.queue, q => q.Result.Count), StringComparer.Ordinal));
    }

    /// <summary>
    /// Does what SendEmail and SendOwnerEmail do for every message in this host's email queues (owner sign-in emails
    /// have their own queue); returns how many. Errors propagate.
    /// </summary>
    public async Task<int> DeliverEmailsAsync()
    {
        var processor = Runner.Services.GetRequiredService<IOutboxProcessor>();
        var delivered = 0;
        foreach (var queue in new[] { Storage.EmailQueue, Storage.OwnerEmailQueue }.Select(Queues.GetQueueClient))
        {
            while ((await queue.ReceiveMessageAsync()).Value is { } message)
            {
                var owed = JsonSerializer.Deserialize<OutboxMessage>(message.Body, OutboxMessage.Json)!;
                await processor.ProcessAsync(owed, message.DequeueCount, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                delivered++;
            }
        }

        return delivered;
    }

    public async ValueTask DisposeAsync()
    {
        await TestStorage.DeleteAsync(Runner.Services);
        await Runner.DisposeAsync();
    }
}

public sealed record StorageSnapshot(SortedSet<string> Rows, SortedDictionary<string, int> QueueCounts)
{
    /// <summary>What changed since <paramref name="before"/>, one line each; empty when nothing did.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before) =>
        Rows.Except(before.Rows).Select(r => "+ " + r)
            .Concat(before.Rows.Except(Rows).Select(r => "- " + r))
            .Concat(QueueCounts.Where(q => before.QueueCounts.GetValueOrDefault(q.Key) != q.Value).Select(q => $"queue {q.Key}: {before.QueueCounts.GetValueOrDefault(q.Key)} -> {q.Value}"))
            .ToList();
}
