using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Payments.Donations;
using HappyBabyHive.Storage;
using HappyBabyHive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Benchmarks.Donations;

/// <summary>
/// The charity donation report over a month of payments (default 50 courses × 12 paid bookings) against a raw floor:
/// the same filtered query over the Bookings table with the SDK's plain TableEntity and the pence summed in a loop, so
/// the ratio is what the report adds (mapping to bookings, course titles, the calculator) on top of reading the rows.
/// Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- donations [--courses 50 --bookings 12 --repeats 9]
/// </summary>
public static class DonationReportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var courseCount = Argument(args, "--courses", 50);
        var perCourse = Argument(args, "--bookings", 12);
        var repeats = Argument(args, "--repeats", 9);
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {courseCount} courses × {perCourse} paid bookings, {repeats} repeats");

        await using var emulators = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), Console.Out, CancellationToken.None);
        var settings = TestSettings.Defaults();
        settings["AzureWebJobsStorage"] = emulators.StorageConnectionString;
        settings["Storage:NamePrefix"] = "d" + Guid.NewGuid().ToString("N")[..10];
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddHappyBabyHive(TestSettings.Build(settings));
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var tables = provider.GetRequiredService<TableServiceClient>();
        foreach (var table in storage.AllTables)
        {
            await tables.GetTableClient(table).CreateIfNotExistsAsync();
        }

        var period = new DonationPeriod(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        var expectedNet = await SeedAsync(provider, period, courseCount, perCourse);
        var report = provider.GetRequiredService<DonationReportService>();
        var bookings = tables.GetTableClient(storage.BookingsTable);

        // Warm the connection and the JIT, and check both sides see every payment.
        var warm = await report.ReportAsync(period, CancellationToken.None);
        var raw = await RawAsync(bookings, period);
        if (warm.Report.Totals.NetReceived * 100 != expectedNet || raw.Net != expectedNet || raw.Rows != courseCount * perCourse)
        {
            Console.Error.WriteLine($"Mismatch: report net {warm.Report.Totals.NetReceived}, raw net {raw.Net} pence over {raw.Rows} rows, seeded {expectedNet} pence.");
            return 1;
        }

        var reportMs = new List<double>();
        var rawMs = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            // Alternate which goes first, so neither always meets a warmer Azurite.
            foreach (var reportFirst in i % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var watch = Stopwatch.StartNew();
                if (reportFirst)
                {
                    await report.ReportAsync(period, CancellationToken.None);
                    reportMs.Add(watch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    await RawAsync(bookings, period);
                    rawMs.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        var reportMedian = Median(reportMs);
        var rawMedian = Median(rawMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  report: median {reportMedian:0.0} ms (min {reportMs.Min():0.0}, max {reportMs.Max():0.0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw:    median {rawMedian:0.0} ms (min {rawMs.Min():0.0}, max {rawMs.Max():0.0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  report / raw = {reportMedian / rawMedian:0.00}×; donation £{warm.Report.Totals.Donation:0.00} on £{warm.Report.Totals.NetReceived:0.00} kept"));
        return 0;
    }

    /// <summary>The floor: the same filter, rows as the SDK's dictionary entity, net pence summed.</summary>
    private static async Task<(int Rows, long Net)> RawAsync(TableClient bookings, DonationPeriod period)
    {
        var (from, to) = (period.FromUtc, period.ToUtc);
        var rows = 0;
        long net = 0;
        await foreach (var row in bookings.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PaymentPaidUtc ge {from} and PaymentPaidUtc lt {to}")))
        {
            rows++;
            net += row.GetInt64("PaymentPaidPence")!.Value - row.GetInt64("PaymentRefundedPence")!.Value;
        }

        return (rows, net);
    }

    /// <summary>Courses with paid bookings through the partition store, one transaction per course; returns the net pence.</summary>
    private static async Task<long> SeedAsync(IServiceProvider provider, DonationPeriod period, int courseCount, int perCourse)
    {
        var courses = provider.GetRequiredService<ICourseStore>();
        var partitions = provider.GetRequiredService<ICoursePartitionStore>();
        long net = 0;
        for (var c = 0; c < courseCount; c++)
        {
            var course = SampleCourses.Massage(period.From.AddDays(c % 28), id: $"bench-{c:D3}", capacity: perCourse + 2) with { Title = $"Course {c:D3}" };
            await courses.TryAddAsync(course, CancellationToken.None);
            var changes = (await partitions.LoadAsync(course.Id, CancellationToken.None))!.Change(DateTimeOffset.UtcNow);
            for (var b = 0; b < perCourse; b++)
            {
                var refunded = b % 5 == 0 ? 1500L : 0L;
                net += 6000 - refunded;
                changes.AddBooking(new Booking
                {
                    Reference = $"B{c:D3}-{b:D4}",
                    Status = BookingStatus.Confirmed,
                    ParentName = "Bench Parent",
                    Email = $"p{c}-{b}@bench.example.co.uk",
                    BabyFirstName = "Ada",
                    BabyDateOfBirth = new DateOnly(2026, 3, 1),
                    CreatedUtc = period.FromUtc,
                    Payment = new BookingPayment
                    {
                        Method = PaymentMethod.Card,
                        AmountPence = 6000,
                        PaidPence = 6000,
                        PaidUtc = period.FromUtc.AddHours((c * perCourse) + b),
                        DonationPercent = b % 2 == 0 ? 10m : 12.5m,
                        RefundedPence = refunded,
                        RefundDuePence = refunded,
                    },
                });
            }

            await partitions.CommitAsync(changes, CancellationToken.None);
        }

        return net;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
