using System.Globalization;
using System.Text;
using HappyBabyHive.Bookings;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// Where a single booking's time goes at concurrency 1 (issue #12: HTTP p50 1.81× of the raw floor, goal 1.5×). Five
/// paths side by side on one Azurite, alternating their order each repeat, one request at a time:
/// raw floor; the booking service called in this process (the app's own work on top of storage); a static GET through
/// the runner (the HTTP hop and the runner's dispatch alone); a booking refused by validation over HTTP (hop + JSON +
/// validation, no storage); the booking over HTTP. Differences between adjacent rows price each layer.
/// Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- latency-breakdown [--bookings 300 --repeats 3]
/// </summary>
internal static class LatencyBreakdown
{
    public static async Task<int> RunAsync(string[] args)
    {
        var perPath = BookingBenchmark.IntArgument(args, "--bookings", 300);
        var repeats = BookingBenchmark.IntArgument(args, "--repeats", 3);
        var root = RepositoryRoot.Find();

        await using var storage = await BenchStorage.StartAsync(root);
        var emulators = storage.Emulators;
        var courses = new BenchCourses(storage.Bookings);
        var raw = storage.RawFloor;

        // The app composed in this process exactly as the runner composes it (its embedded settings), on these emulators.
        var configuration = RunnerConfiguration.Build(Runner.Directory(root), new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
        }.Concat(TestSettings.RelaxedAbuse(":")).ToDictionary());
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(configuration);
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<IBookingService>();

        await using var runner = await Runner.StartAsync(root, enabledQueueFunctions: []);
        var http = new HttpBooker(runner.Http);
        var sequence = 0;

        async Task<Attempt> InProcess(string courseId, int index)
        {
            var outcome = await service.BookAsync(Request(courseId, $"inproc{Interlocked.Increment(ref sequence)}@bench.example.co.uk"), null, CancellationToken.None);
            return new Attempt(outcome is BookingOutcome.Created ? 201 : 500);
        }

        async Task<Attempt> StaticGet(string courseId, int index)
        {
            using var response = await runner.Http.GetAsync("api/forms/forms.js");
            await response.Content.LoadIntoBufferAsync();
            return new Attempt((int)response.StatusCode);
        }

        async Task<Attempt> Refused(string courseId, int index)
        {
            // Everything a booking carries except accepted terms: parsed and validated in full, refused before storage.
            using var response = await runner.Http.PostAsync("api/bookings", HttpBooker.JsonBody(Request(courseId, $"refused{index}@bench.example.co.uk") with { AcceptTerms = false }));
            await response.Content.LoadIntoBufferAsync();
            return new Attempt((int)response.StatusCode);
        }

        var paths = new (string Name, Func<string, int, Task<Attempt>> Book)[]
        {
            ("raw floor (SDK: read, transaction, enqueue)", raw.BookAsync),
            ("booking service in process", InProcess),
            ("HTTP GET forms.js (hop + dispatch only)", StaticGet),
            ("HTTP booking refused by validation (no storage)", Refused),
            ("HTTP booking", http.BookAsync),
        };

        // Warm every path (JIT, connections, Azurite's table) before anything counts.
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
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Concurrency 1, {repeats} alternating repeats of {perPath} requests per path, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        report.AppendLine();
        report.AppendLine("| Path | p50 ms | p95 ms | p50 / raw p50 | Statuses |");
        report.AppendLine("|---|---:|---:|---:|---|");
        for (var p = 0; p < paths.Length; p++)
        {
            var values = latencies[p].ToArray();
            var p50 = Summary.Percentile(values, 50);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {paths[p].Name} | {p50:0.00} | {Summary.Percentile(values, 95):0.00} | {p50 / rawP50:0.00}× | {string.Join(", ", statuses[p].Select(s => $"{s.Key}×{s.Value}"))} |");
        }

        Console.WriteLine();
        Console.WriteLine(report);
        var output = Path.Combine(root, "docs", "benchmarks", "latency-breakdown.md");
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine($"Written to {output}");
        return 0;
    }

    internal static BookingRequest Request(string courseId, string email) => new()
    {
        CourseId = courseId,
        ParentName = "Sam Parent",
        Email = email,
        Phone = "07700 900123",
        BabyFirstName = "Robin",
        BabyDateOfBirth = BenchCourses.BabyDateOfBirth,
        AcceptTerms = true,
    };
}
