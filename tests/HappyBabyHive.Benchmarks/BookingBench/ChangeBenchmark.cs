using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// Cancel (which offers the freed place to the first waiting family in the same transaction) and claim, through the
/// app's <see cref="IBookingChangeService"/> in process, against their raw floors: the same reads, the same one
/// transaction and the same enqueues written directly with the SDKs. Same Azurite, same run, alternating which goes
/// first. Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- changes [--courses 200 --repeats 3]
/// </summary>
internal static class ChangeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Arg(args, "--courses", 200);
        var repeats = Arg(args, "--repeats", 3);
        await using var bench = await BenchStorage.StartAsync(RepositoryRoot.Find());
        var settings = TestSettings.Defaults();
        settings["AzureWebJobsStorage"] = bench.Emulators.StorageConnectionString;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(TestSettings.Build(settings));
        await using var provider = services.BuildServiceProvider();
        var app = provider.GetRequiredService<IBookingChangeService>();
        var raw = new RawChanges(bench.Bookings, bench.Queues.GetQueueClient(RawFloor.QueueName));

        // Warm both paths.
        await RunPairAsync("warm-up", await SeedAsync(bench.Bookings, 20, "warm-app"), await SeedAsync(bench.Bookings, 20, "warm-raw"), app, raw);

        var rows = new List<(string Op, double AppMs, double RawMs, double AppAlloc, double RawAlloc)>();
        var cancelApp = new List<double>();
        var cancelRaw = new List<double>();
        var claimApp = new List<double>();
        var claimRaw = new List<double>();
        var allocCancelApp = new List<double>();
        var allocCancelRaw = new List<double>();
        var allocClaimApp = new List<double>();
        var allocClaimRaw = new List<double>();
        for (var run = 0; run < repeats; run++)
        {
            var appCourses = await SeedAsync(bench.Bookings, count, $"app{run}");
            var rawCourses = await SeedAsync(bench.Bookings, count, $"raw{run}");
            var first = run % 2 == 0;
            foreach (var op in new[] { "cancel", "claim" })
            {
                async Task MeasureApp()
                {
                    var (ms, alloc) = await TimeAsync(appCourses, c => op == "cancel"
                        ? Expect<CancelOutcome.Cancelled>(app.CancelAsync(new BookingKey(c, "BOOKED-1"), ChangedBy.Family, emailFamily: true, CancellationToken.None))
                        : Expect<ClaimOutcome.Claimed>(app.ClaimOfferAsync(new BookingKey(c, "WAITING-1"), PaymentMethod.Card, CancellationToken.None)));
                    (op == "cancel" ? cancelApp : claimApp).Add(ms);
                    (op == "cancel" ? allocCancelApp : allocClaimApp).Add(alloc);
                }

                async Task MeasureRaw()
                {
                    var (ms, alloc) = await TimeAsync(rawCourses, c => op == "cancel" ? raw.CancelAsync(c, "BOOKED-1") : raw.ClaimAsync(c, "WAITING-1"));
                    (op == "cancel" ? cancelRaw : claimRaw).Add(ms);
                    (op == "cancel" ? allocCancelRaw : allocClaimRaw).Add(alloc);
                }

                if (first)
                {
                    await MeasureApp();
                    await MeasureRaw();
                }
                else
                {
                    await MeasureRaw();
                    await MeasureApp();
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run + 1}: cancel app {cancelApp[^1]:0.00} ms raw {cancelRaw[^1]:0.00} ms; claim app {claimApp[^1]:0.00} ms raw {claimRaw[^1]:0.00} ms"));
        }

        rows.Add(("Cancel (frees the place, offers it to the first waiting family, 2 emails owed)", Median(cancelApp), Median(cancelRaw), Median(allocCancelApp), Median(allocCancelRaw)));
        rows.Add(("Claim (the offered place becomes theirs, 1 email owed)", Median(claimApp), Median(claimRaw), Median(allocClaimApp), Median(allocClaimRaw)));
        Console.WriteLine();
        Console.WriteLine("| Operation (sequential, one at a time) | App ms/op | Raw floor ms/op | App / raw | App KB allocated/op | Raw KB allocated/op |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Op} | {r.AppMs:0.00} | {r.RawMs:0.00} | {r.AppMs / r.RawMs:0.00}x | {r.AppAlloc:0.0} | {r.RawAlloc:0.0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Medians of {repeats} runs of {count} courses each; {Environment.ProcessorCount} cores, .NET {Environment.Version}; Azurite in memory."));
        return 0;
    }

    private static async Task RunPairAsync(string name, IReadOnlyList<string> appCourses, IReadOnlyList<string> rawCourses, IBookingChangeService app, RawChanges raw)
    {
        await TimeAsync(appCourses, c => Expect<CancelOutcome.Cancelled>(app.CancelAsync(new BookingKey(c, "BOOKED-1"), ChangedBy.Family, true, CancellationToken.None)));
        await TimeAsync(rawCourses, c => raw.CancelAsync(c, "BOOKED-1"));
        await TimeAsync(appCourses, c => Expect<ClaimOutcome.Claimed>(app.ClaimOfferAsync(new BookingKey(c, "WAITING-1"), PaymentMethod.Card, CancellationToken.None)));
        await TimeAsync(rawCourses, c => raw.ClaimAsync(c, "WAITING-1"));
        Console.WriteLine($"  {name} done");
    }

    private static async Task Expect<T>(Task<CancelOutcome> outcome)
    {
        if (await outcome is not T)
        {
            throw new InvalidOperationException($"Expected {typeof(T).Name}.");
        }
    }

    private static async Task Expect<T>(Task<ClaimOutcome> outcome)
    {
        if (await outcome is not T)
        {
            throw new InvalidOperationException($"Expected {typeof(T).Name}.");
        }
    }

    /// <summary>Milliseconds and KB allocated per operation, one operation at a time.</summary>
    private static async Task<(double Ms, double KbAllocated)> TimeAsync(IReadOnlyList<string> courses, Func<string, Task> operation)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        foreach (var course in courses)
        {
            await operation(course);
        }

        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds / courses.Count, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / courses.Count);
    }

    /// <summary>Courses with one general place, taken by BOOKED-1, and WAITING-1 first on the waitlist.</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(TableClient bookings, int count, string prefix)
    {
        var courses = new List<string>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var course = SampleCourses.Upcoming($"bench-{prefix}-{i}", capacity: 2, freePlaces: 1) with { GeneralPlacesTaken = 1, WaitlistCount = 1 };
            await bookings.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, CourseEntity.FromCourse(course, now)),
                new(TableTransactionActionType.Add, BookingEntity.FromBooking(course.Id, Family("BOOKED-1", BookingStatus.Confirmed, null, now))),
                new(TableTransactionActionType.Add, BookingEntity.FromBooking(course.Id, Family("WAITING-1", BookingStatus.Waitlisted, 1, now))),
            ]);
            courses.Add(course.Id);
        }

        return courses;
    }

    private static Booking Family(string reference, BookingStatus status, int? position, DateTimeOffset now) => new()
    {
        Reference = reference,
        Status = status,
        WaitlistPosition = position,
        ParentName = "Sam Parent",
        Email = $"{reference.ToLowerInvariant()}@bench.example.co.uk",
        BabyFirstName = "Robin",
        BabyDateOfBirth = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-70),
        TermsAcceptedUtc = now,
        CreatedUtc = now,
    };

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>
/// The floor for a cancel and a claim: exactly the storage work the app does (reads of the course row, the booking and
/// the waitlist; one transaction; the enqueues), with the SDK and no domain code, rules, retries or outcome types.
/// </summary>
internal sealed class RawChanges(TableClient bookings, QueueClient queue)
{
    public async Task CancelAsync(string courseId, string reference)
    {
        var now = DateTimeOffset.UtcNow;
        var course = (await bookings.GetEntityAsync<TableEntity>(courseId, RowKeys.Course)).Value;
        var booking = (await bookings.GetEntityAsync<TableEntity>(courseId, RowKeys.Booking(reference))).Value;
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var waiting = new List<TableEntity>();
        await foreach (var row in bookings.QueryAsync<TableEntity>($"PartitionKey eq '{courseId}' and RowKey ge '{RowKeys.BookingPrefix}' and RowKey lt '{end}' and Status eq 'Waitlisted'"))
        {
            waiting.Add(row);
        }

        var next = waiting.OrderBy(w => w.GetInt32("WaitlistPosition")).First();
        booking["Status"] = "Cancelled";
        booking["CancelledUtc"] = now;
        booking["CancellationReason"] = "ByFamily";
        next["Status"] = "Offered";
        next["WaitlistPosition"] = null;
        next["OfferedUtc"] = now;
        next["OfferExpiresUtc"] = now.AddHours(24);
        course["WaitlistCount"] = 0;
        var nextReference = next.GetString("Reference");
        await bookings.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, course, course.ETag),
            new(TableTransactionActionType.UpdateReplace, booking, booking.ETag),
            new(TableTransactionActionType.UpdateReplace, next, next.ETag),
            new(TableTransactionActionType.Add, Outbox(courseId, reference, EmailTemplates.BookingCancelled, now)),
            new(TableTransactionActionType.Add, Outbox(courseId, nextReference, EmailTemplates.PlaceOffered, now)),
        ]);
        await queue.SendMessageAsync(courseId + "/" + reference);
        await queue.SendMessageAsync(courseId + "/" + nextReference);
    }

    public async Task ClaimAsync(string courseId, string reference)
    {
        var now = DateTimeOffset.UtcNow;
        var course = (await bookings.GetEntityAsync<TableEntity>(courseId, RowKeys.Course)).Value;
        var booking = (await bookings.GetEntityAsync<TableEntity>(courseId, RowKeys.Booking(reference))).Value;
        booking["Status"] = "Confirmed";
        booking["OfferExpiresUtc"] = null;
        await bookings.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, course, course.ETag),
            new(TableTransactionActionType.UpdateReplace, booking, booking.ETag),
            new(TableTransactionActionType.Add, Outbox(courseId, reference, EmailTemplates.BookingConfirmed, now)),
        ]);
        await queue.SendMessageAsync(courseId + "/" + reference);
    }

    private static OutboxEntity Outbox(string courseId, string reference, string template, DateTimeOffset now) =>
        OutboxEntity.Create(courseId, RowKeys.Outbox(reference, template), template, RowKeys.Booking(reference), now, OutboxGrace.Default);
}
