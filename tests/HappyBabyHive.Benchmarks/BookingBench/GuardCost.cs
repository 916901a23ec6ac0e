using System.Globalization;
using System.Text;
using HappyBabyHive.Abuse;
using HappyBabyHive.Bookings;
using HappyBabyHive.Http;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// What the form token and the shared limits add to one booking (issue 17), at concurrency 1 on one Azurite, three
/// paths side by side in alternating order: the raw floor; the booking service in process; the same booking through
/// <see cref="PublicPostGuard"/> first (token check, four limit reads, the token's one-use insert) and counted after
/// (four ETag-guarded increments). Each guarded booking comes from its own client address and email, as a real
/// family's would, so its counters are new rows.
/// Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- guard-cost [--bookings 300 --repeats 3]
/// </summary>
internal static class GuardCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var perPath = BookingBenchmark.IntArgument(args, "--bookings", 300);
        var repeats = BookingBenchmark.IntArgument(args, "--repeats", 3);
        var root = RepositoryRoot.Find();

        await using var storage = await BenchStorage.StartAsync(root);
        var courses = new BenchCourses(storage.Bookings);
        var raw = storage.RawFloor;

        var configuration = RunnerConfiguration.Build(Runner.Directory(root), new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.Emulators.StorageConnectionString,
        }.Concat(TestSettings.RelaxedAbuse(":")).ToDictionary());
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(configuration);
        await using var provider = services.BuildServiceProvider();
        await TestStorage.CreateAsync(provider);
        var service = provider.GetRequiredService<IBookingService>();
        var guard = provider.GetRequiredService<PublicPostGuard>();
        var tokens = provider.GetRequiredService<FormTokens>();
        var limits = provider.GetRequiredService<PublicLimits>();
        var sequence = 0;

        async Task<Attempt> Unguarded(string courseId, int index)
        {
            var outcome = await service.BookAsync(LatencyBreakdown.Request(courseId, $"plain{Interlocked.Increment(ref sequence)}@bench.example.co.uk"), null, CancellationToken.None);
            return new Attempt(outcome is BookingOutcome.Created ? 201 : 500);
        }

        async Task<Attempt> Guarded(string courseId, int index)
        {
            var n = Interlocked.Increment(ref sequence);
            var request = LatencyBreakdown.Request(courseId, $"guarded{n}@bench.example.co.uk");
            var subjects = limits.Booking($"198.51.{n / 250 % 250}.{n % 250}", request.Email, courseId);
            var admission = await guard.AdmitAsync("booking", tokens.Issue("booking"), fromApi: false, requestKey: null, subjects, CancellationToken.None);
            if (!admission.Admitted)
            {
                return new Attempt(429);
            }

            var outcome = await service.BookAsync(request, null, CancellationToken.None);
            if (outcome is BookingOutcome.Created)
            {
                await guard.CountAsync(subjects, CancellationToken.None);
            }

            return new Attempt(outcome is BookingOutcome.Created ? 201 : 500);
        }

        var paths = new (string Name, Func<string, int, Task<Attempt>> Book)[]
        {
            ("raw floor (SDK: read, transaction, enqueue)", raw.BookAsync),
            ("booking service in process", Unguarded),
            ("token check + shared limits + booking service", Guarded),
        };

        foreach (var (_, book) in paths)
        {
            var warm = await courses.CreateAsync(generalPlaces: 1_000_000);
            for (var i = 0; i < 50; i++)
            {
                await book(warm, i);
            }
        }

        var latencies = paths.Select(_ => new List<double>()).ToArray();
        var statuses = paths.Select(_ => new Dictionary<int, int>()).ToArray();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var order = Enumerable.Range(0, paths.Length).ToArray();
            if (repeat % 2 == 1)
            {
                Array.Reverse(order);
            }

            foreach (var p in order)
            {
                var course = await courses.CreateAsync(generalPlaces: 1_000_000);
                for (var i = 0; i < perPath; i++)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var attempt = await paths[p].Book(course, i);
                    latencies[p].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses[p][attempt.Status] = statuses[p].GetValueOrDefault(attempt.Status) + 1;
                }
            }
        }

        var rawP50 = Summary.Percentile([.. latencies[0]], 50);
        var serviceP50 = Summary.Percentile([.. latencies[1]], 50);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Concurrency 1, {repeats} alternating repeats of {perPath} bookings per path, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        report.AppendLine();
        report.AppendLine("| Path | p50 ms | p95 ms | p50 / raw p50 | p50 / service p50 | Statuses |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        for (var p = 0; p < paths.Length; p++)
        {
            var values = latencies[p].ToArray();
            var p50 = Summary.Percentile(values, 50);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {paths[p].Name} | {p50:0.00} | {Summary.Percentile(values, 95):0.00} | {p50 / rawP50:0.00}× | {p50 / serviceP50:0.00}× | {string.Join(", ", statuses[p].Select(s => $"{s.Key}×{s.Value}"))} |");
        }

        Console.WriteLine();
        Console.WriteLine(report);
        var output = Path.Combine(root, "docs", "benchmarks", "guard-cost.md");
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine($"Written to {output}");
        return 0;
    }
}
