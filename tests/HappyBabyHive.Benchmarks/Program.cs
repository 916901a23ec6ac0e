using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// `-- bookings` runs the booking benchmark instead (BookingBench/, docs/benchmarks.md).
// Fan-out benchmark: the weekly tip's fan-out (paged subscriber query, one queue message each, checkpoints) against
// the same number of plain Azure.Storage.Queues writes at the same parallelism, in the same run on the same Azurite,
// plus the managed heap's peak during each fan-out. Usage:
//   dotnet run -c Release --project tests/HappyBabyHive.Benchmarks [-- --sizes 1000,5000,10000 --repeats 3]
if (args.FirstOrDefault() == "bookings")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.BookingBench.BookingBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "changes")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.BookingBench.ChangeBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "donations")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.Donations.DonationReportBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "paid")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.Payments.PaidBookingBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "render")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.Render.RenderBenchmark.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "latency-breakdown")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.BookingBench.LatencyBreakdown.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "guard-cost")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.BookingBench.GuardCost.RunAsync(args[1..]);
    return;
}

if (args.FirstOrDefault() == "email-profile")
{
    Environment.ExitCode = await HappyBabyHive.Benchmarks.BookingBench.EmailProfile.RunAsync(args[1..]);
    return;
}

var sizes = Argument("--sizes", "1000,5000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var repeats = int.Parse(Argument("--repeats", "3"), CultureInfo.InvariantCulture);

Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; a fresh in-memory Azurite for each size");

var rows = new List<(int Subscribers, double SeedS, double RawS, double FanOutS, double PeakHeapMb, double AllocatedMb)>();
foreach (var size in sizes)
{
    await using var emulators = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), Console.Out, CancellationToken.None);
    await using var provider = Services(emulators.StorageConnectionString, "b" + Guid.NewGuid().ToString("N")[..10]);
    var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    var tables = provider.GetRequiredService<TableServiceClient>();
    var queues = provider.GetRequiredService<QueueServiceClient>();
    foreach (var table in storage.AllTables)
    {
        await tables.GetTableClient(table).CreateIfNotExistsAsync();
    }

    foreach (var queue in storage.AllQueues)
    {
        await queues.GetQueueClient(queue).CreateIfNotExistsAsync();
    }

    var options = provider.GetRequiredService<IOptions<WellbeingTipsOptions>>().Value;

    var seed = Stopwatch.StartNew();
    await SeedAsync(tables.GetTableClient(storage.TipSubscribersTable), size);
    seed.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {size} subscribers in {seed.Elapsed.TotalSeconds:0.0} s"));

    // Warm the connections and JIT on a small scale before measuring.
    var warmUp = queues.GetQueueClient("warmup");
    await warmUp.CreateAsync();
    await RawAsync(warmUp, 200, options.FanOutParallelism);

    var raw = new List<double>();
    var fanOut = new List<double>();
    var peaks = new List<double>();
    var allocated = new List<double>();
    for (var run = 0; run < repeats; run++)
    {
        // Alternate the order so neither path always runs on a fresher emulator.
        // Every run writes to a new, empty queue (emptying a queue of thousands of messages is slow on Azurite).
        var runQueues = Options.Create(new StorageOptions { NamePrefix = $"r{run}" });
        async Task MeasureRaw()
        {
            var rawQueue = queues.GetQueueClient($"raw{run}");
            await rawQueue.CreateAsync();
            var watch = Stopwatch.StartNew();
            await RawAsync(rawQueue, size, options.FanOutParallelism);
            raw.Add(watch.Elapsed.TotalSeconds);
        }

        async Task MeasureFanOut()
        {
            var emailQueue = queues.GetQueueClient(runQueues.Value.TipEmailQueue);
            await emailQueue.CreateAsync();
            await queues.GetQueueClient(runQueues.Value.TipFanOutQueue).CreateAsync();

            // The app's own publisher, with this run's queues.
            var publisher = new TipPublisher(
                provider.GetRequiredService<ITipPublications>(),
                provider.GetRequiredService<ISubscriberStore>(),
                new StorageTipQueues(queues, runQueues),
                provider.GetRequiredService<ITipLibrary>(),
                provider.GetRequiredService<IOptions<WellbeingTipsOptions>>(),
                TimeProvider.System,
                provider.GetRequiredService<ILogger<TipPublisher>>());
            var week = new IsoWeekId(2026, 10 + run);
            await publisher.EnsurePublishedAsync(week, CancellationToken.None); // publishing itself is one row; measure the fan-out
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: false);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            using var sampling = new CancellationTokenSource();
            long peak = baseline;
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(2);
                }
            });
            var watch = Stopwatch.StartNew();
            var result = await publisher.PublishAndFanOutAsync(week, CancellationToken.None);
            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            if (result != FanOutResult.Completed)
            {
                throw new InvalidOperationException($"Fan-out ended {result}.");
            }

            fanOut.Add(watch.Elapsed.TotalSeconds);
            peaks.Add((peak - baseline) / 1024.0 / 1024.0);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024.0);
            var count = (await emailQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            if (count != size)
            {
                throw new InvalidOperationException($"Expected {size} messages, found {count}.");
            }
        }

        if (run % 2 == 0)
        {
            await MeasureRaw();
            await MeasureFanOut();
        }
        else
        {
            await MeasureFanOut();
            await MeasureRaw();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {size,6} subscribers, run {run + 1}: raw {raw[^1]:0.00} s, fan-out {fanOut[^1]:0.00} s, peak heap +{peaks[^1]:0.0} MB"));
    }

    rows.Add((size, seed.Elapsed.TotalSeconds, Median(raw), Median(fanOut), peaks.Max(), Median(allocated)));

}

Console.WriteLine();
Console.WriteLine("| Subscribers | Raw queue writes (s) | Fan-out (s) | Fan-out / raw | Fan-out msgs/s | Peak managed heap during fan-out (MB) | Allocated (MB) |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Subscribers:N0} | {r.RawS:0.00} | {r.FanOutS:0.00} | {r.FanOutS / r.RawS:0.00}x | {r.Subscribers / r.FanOutS:0} | {r.PeakHeapMb:0.0} | {r.AllocatedMb:0} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Medians of {repeats} runs; parallelism {32} for both; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB. Goal: fan-out within 1.3x of raw, heap flat as subscribers grow."));

static ServiceProvider Services(string connection, string prefix)
{
    var settings = TestSettings.Defaults();
    settings["AzureWebJobsStorage"] = connection;
    settings["Storage:NamePrefix"] = prefix;
    var configuration = TestSettings.Build(settings);
    var services = new ServiceCollection();
    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    services.AddHappyBabyHive(configuration);
    return services.BuildServiceProvider();
}

static async Task SeedAsync(TableClient table, int count)
{
    var now = DateTimeOffset.UtcNow;
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
    {
        var email = $"parent{i:D6}@bench.example.co.uk";
        var subscriber = new SubscriberEntity
        {
            PartitionKey = SubscriberKeys.For(TestSettings.Hasher, email),
            Email = email,
            FirstName = "Sam",
            Status = nameof(SubscriberStatus.Confirmed),
            ConsentId = Subscriber.NewConsentId(),
            ConsentVersion = ConsentWording.Version,
            ConsentSource = ConsentSources.SubscribeForm,
            ConsentRequestedUtc = now,
            ConfirmedUtc = now,
            CreatedUtc = now,
        };
        try
        {
            await table.AddEntityAsync(subscriber, token);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            // A retried insert that had in fact succeeded the first time.
        }
    });
}

// The floor: the same number of messages of the same shape, written straight to a queue at the same parallelism.
static async Task RawAsync(QueueClient queue, int count, int parallelism)
{
    var body = System.Text.Json.JsonSerializer.Serialize(new TipEmailMessage("2026-W10", new string('a', 64)), TipMessages.Json);
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, token) =>
        await queue.SendMessageAsync(body, cancellationToken: token));
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

string Argument(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
