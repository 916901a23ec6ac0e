using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// Booking over HTTP through the real local runner process against the raw storage floor (the same storage work done
/// directly with the SDKs), side by side on one in-memory Azurite, alternating which goes first; then contention on
/// one course and the email pipeline to maildev. See docs/benchmarks.md.
/// </summary>
internal static class BookingBenchmark
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var repeats = IntArgument(args, "--repeats", 2);
        var perLevel = IntArgument(args, "--bookings", 300);
        var emails = IntArgument(args, "--emails", 1000);
        var output = Argument(args, "--out") ?? Path.Combine(RepositoryRoot.Find(), "docs", "benchmarks");
        var root = RepositoryRoot.Find();
        var emailOnly = args.Contains("--email-only");

        Console.WriteLine($"Starting Azurite (in memory) and maildev on their standard ports; the runner reuses them.");
        await using var bench = await BenchStorage.StartAsync(root);
        var (emulators, storage, queues, bookings) = (bench.Emulators, bench.Options, bench.Queues, bench.Bookings);
        var raw = bench.RawFloor;
        var courses = new BenchCourses(bookings);
        var results = new BenchResults
        {
            Machine = Machine(),
            StartedUtc = DateTimeOffset.UtcNow,
            Repeats = repeats,
            BookingsPerLevel = perLevel,
        };

        Console.WriteLine("Starting the local runner (email and timer functions disabled for the booking phases)...");
        if (!emailOnly)
        {
        await using (var runner = await Runner.StartAsync(root, enabledQueueFunctions: []))
        {
            var http = new HttpBooker(runner.Http);

            // Warm both paths (JIT, connections, Azurite's tables) before anything is measured.
            await MeasureAsync("warm-up", 8, 64, courses, raw.BookAsync, counts: null);
            await MeasureAsync("warm-up", 8, 64, courses, http.BookAsync, counts: null);

            foreach (var concurrency in new[] { 1, 8, 32 })
            {
                var rawRuns = new List<Measurement>();
                var httpRuns = new List<Measurement>();
                for (var run = 0; run < repeats; run++)
                {
                    async Task Raw() => rawRuns.Add(await MeasureAsync($"raw c={concurrency}", concurrency, perLevel, courses, raw.BookAsync, counts: null));
                    async Task Http() => httpRuns.Add(await MeasureAsync($"http c={concurrency}", concurrency, perLevel, courses, http.BookAsync, runner.StorageCountsAsync));
                    if ((run + concurrency) % 2 == 0)
                    {
                        await Raw();
                        await Http();
                    }
                    else
                    {
                        await Http();
                        await Raw();
                    }
                }

                results.Uncontended.Add(new LevelResult(concurrency, Summary.Of(rawRuns), Summary.Of(httpRuns)));
            }

            results.Contention.Add(await ContentionAsync("200 at once, one course, 8 general places", bookings, courses, raw, http, runner,
                requests: 200, concurrency: 200, generalPlaces: 8));
            results.Contention.Add(await ContentionAsync("32 workers, one course", bookings, courses, raw, http, runner,
                requests: perLevel, concurrency: 32, generalPlaces: 100_000));
            results.RunnerPeakWorkingSetMb = runner.PeakWorkingSetMb();
        }
        }

        // --extra-bookings N: that many more stored bookings in the table (emails owed but never queued), to see how the
        // email phase depends on the table's size in the emulator (the full run leaves ~5,000 rows from its booking phases).
        if (IntArgument(args, "--extra-bookings", 0) is var extra and > 0)
        {
            await new BenchCourses(bookings).SeedConfirmedAsync(extra, "extra");
        }

        // --extra-cleared N: that many messages put on the email queue (cleared again just below, before the email
        // phase), as the full run's booking phases leave it.
        await FillAsync(queues.GetQueueClient(storage.EmailQueue), IntArgument(args, "--extra-cleared", 0));

        // --extra-raw-floor N: that many messages left on the raw floor's own queue, as the full run's booking phases leave it.
        await FillAsync(queues.GetQueueClient(RawFloor.QueueName), IntArgument(args, "--extra-raw-floor", 0));

        // The booking phases queued their own confirmations (with nothing sending them); the email phase starts empty.
        // The raw floor's ~3,600 messages stay, and they slow this phase down: Azurite looks through every queue's
        // messages on each receive (--extra-raw-floor 4000 in --email-only mode: ~57 → ~18 emails/s). Clearing them
        // here was tried: Azurite then stalled long enough for the runner's storage calls to time out, delaying half
        // the emails past the phase's patience. So the email goal is read from --email-only (docs/benchmarks.md).
        await queues.GetQueueClient(storage.EmailQueue).ClearMessagesAsync();
        Console.WriteLine("Restarting the local runner with the email function enabled...");
        await using (var runner = await Runner.StartAsync(root, enabledQueueFunctions: ["SendEmail"]))
        {
            results.Email = await EmailPipeline.RunAsync(bookings, queues.GetQueueClient(storage.EmailQueue), emulators.MaildevUrl, emulators.SmtpPort, runner, emails);
            results.RunnerPeakWorkingSetMbEmail = runner.PeakWorkingSetMb();
            if (results.Email.Lost > 0 || results.Email.Doubled > 0 || args.Contains("--show-runner-output"))
            {
                Console.WriteLine("The runner's last output:");
                Console.WriteLine(runner.RecentOutput);
            }
        }

        results.FinishedUtc = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(output);
        var markdown = Report.Markdown(results);
        await File.WriteAllTextAsync(Path.Combine(output, "bookings.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(output, "bookings.json"), JsonSerializer.Serialize(results, Indented));
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {Path.Combine(output, "bookings.md")} and bookings.json");
        return 0;
    }

    /// <summary>Books <paramref name="total"/> places with <paramref name="concurrency"/> workers, each on its own course.</summary>
    private static async Task<Measurement> MeasureAsync(
        string name, int concurrency, int total, BenchCourses courses, Func<string, int, Task<Attempt>> book, Func<Task<StorageRequestCounts>>? counts)
    {
        var courseIds = new string[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            courseIds[i] = await courses.CreateAsync(generalPlaces: 1_000_000);
        }

        return await DriveAsync(name, total, concurrency, worker => courseIds[worker], book, counts);
    }

    private static async Task<Measurement> DriveAsync(
        string name, int total, int concurrency, Func<int, string> courseFor, Func<string, int, Task<Attempt>> book, Func<Task<StorageRequestCounts>>? counts)
    {
        var before = counts is null ? null : await counts();
        var latencies = new double[total];
        var attempts = new Attempt[total];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                attempts[i] = await book(courseFor(worker), i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        watch.Stop();
        var after = counts is null ? null : await counts();
        var measurement = new Measurement(latencies, attempts, watch.Elapsed.TotalSeconds, before, after);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-14} {total} bookings in {watch.Elapsed.TotalSeconds:0.00} s: {total / watch.Elapsed.TotalSeconds:0}/s, p50 {Summary.Percentile(latencies, 50):0.0} ms, p95 {Summary.Percentile(latencies, 95):0.0} ms"));
        return measurement;
    }

    private static async Task<ContentionResult> ContentionAsync(
        string name, TableClient bookings, BenchCourses courses, RawFloor raw, HttpBooker http, Runner runner, int requests, int concurrency, int generalPlaces)
    {
        Console.WriteLine($"Contention: {name}");
        var rawCourse = await courses.CreateAsync(generalPlaces);
        var rawRun = await DriveAsync("raw", requests, concurrency, _ => rawCourse, raw.BookAsync, counts: null);
        var httpCourse = await courses.CreateAsync(generalPlaces);
        var httpRun = await DriveAsync("http", requests, concurrency, _ => httpCourse, http.BookAsync, runner.StorageCountsAsync);
        var check = await Consistency.CheckAsync(bookings, httpCourse, generalPlaces);
        Console.WriteLine($"  stored: {check}");
        return new ContentionResult(name, requests, concurrency, generalPlaces, Summary.Of([rawRun]), Summary.Of([httpRun]), check);
    }

    private static MachineInfo Machine() => new(
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown",
        "Azurite 3.37.0 (in memory) and maildev 3.0.0 on 127.0.0.1");

    /// <summary>Puts <paramref name="count"/> placeholder messages on <paramref name="queue"/>, 32 at a time.</summary>
    private static Task FillAsync(QueueClient queue, int count) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, token) =>
            await queue.SendMessageAsync("{}", token));

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal static int IntArgument(string[] args, string name, int fallback) =>
        Argument(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One booking attempt: its HTTP status (or 0 for the raw path), and how many ETag races the raw path lost.</summary>
internal readonly record struct Attempt(int Status, int Conflicts = 0);

/// <summary>Courses written straight into the Bookings table, bookable, first session a month ahead.</summary>
internal sealed class BenchCourses(TableClient bookings)
{
    public async Task<string> CreateAsync(int generalPlaces)
    {
        var id = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var starts = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(10);
        var course = new Course
        {
            Id = id,
            Kind = CourseKind.BabyMassage,
            Title = "Benchmark baby massage",
            Description = "A course the benchmark books.",
            Venue = "The Hive Room",
            Sessions = [new CourseSession(new DateTimeOffset(starts, TimeSpan.Zero), new DateTimeOffset(starts.AddHours(1), TimeSpan.Zero))],
            Capacity = generalPlaces + 2,
            FreePlaces = 2,
            PricePence = 6000,
            BabyAge = new BabyAgeRange(0, 52, "newborn to one year"),
        };
        await bookings.AddEntityAsync(CourseEntity.FromCourse(course, DateTimeOffset.UtcNow));
        return id;
    }

    /// <summary>
    /// <paramref name="count"/> confirmed bookings, each owing its confirmation email, 50 to a course so a booking and
    /// its outbox row fill one transaction (100 entities); returns each owed email's queue message and outbox row.
    /// </summary>
    public async Task<List<(OutboxMessage Message, OutboxEntity Outbox)>> SeedConfirmedAsync(int count, string emailPrefix)
    {
        const int perTransaction = 50;
        var seeded = new List<(OutboxMessage, OutboxEntity)>(count);
        for (var start = 0; start < count; start += perTransaction)
        {
            var courseId = await CreateAsync(generalPlaces: perTransaction);
            var now = DateTimeOffset.UtcNow;
            var actions = new List<TableTransactionAction>();
            for (var i = start; i < Math.Min(count, start + perTransaction); i++)
            {
                var reference = BookingReference.New();
                var outbox = OutboxEntity.Create(courseId, RowKeys.Outbox(reference, EmailTemplates.BookingConfirmed), EmailTemplates.BookingConfirmed, RowKeys.Booking(reference), now, TimeSpan.FromHours(1));
                actions.Add(new(TableTransactionActionType.Add, new BookingEntity
                {
                    PartitionKey = courseId,
                    RowKey = RowKeys.Booking(reference),
                    Reference = reference,
                    Status = nameof(BookingStatus.Confirmed),
                    ParentName = "Sam Parent",
                    Email = $"{emailPrefix}{i}@bench.example.co.uk",
                    BabyFirstName = "Robin",
                    BabyDateOfBirth = BabyDateOfBirth,
                    TermsAcceptedUtc = now,
                    CreatedUtc = now,
                }));
                actions.Add(new(TableTransactionActionType.Add, outbox));
                seeded.Add((new OutboxMessage(TableNames.Bookings, courseId, outbox.RowKey), outbox));
            }

            await bookings.SubmitTransactionAsync(actions);
        }

        return seeded;
    }

    /// <summary>A baby of ten weeks today: inside every benchmark course's age range.</summary>
    public static string BabyDateOfBirth => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-70)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The app's booking endpoint, over HTTP.</summary>
internal sealed class HttpBooker(HttpClient http)
{
    private static int sequence;

    /// <summary>
    /// The body as a browser's fetch() sends it: serialised first, with a Content-Length. (PostAsJsonAsync streams it
    /// chunked, a shape no website sends, which costs the server extra reads per request.)
    /// </summary>
    public static ByteArrayContent JsonBody<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web));
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }

    public async Task<Attempt> BookAsync(string courseId, int index)
    {
        var n = Interlocked.Increment(ref sequence);
        try
        {
            using var response = await http.PostAsync("api/bookings", JsonBody(new
            {
                courseId,
                parentName = "Sam Parent",
                email = $"parent{n}@bench.example.co.uk",
                phone = "07700 900123",
                babyFirstName = "Robin",
                babyDateOfBirth = BenchCourses.BabyDateOfBirth,
                acceptTerms = true,
            }));
            await response.Content.LoadIntoBufferAsync();
            return new Attempt((int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Attempt(0);
        }
    }
}

/// <summary>
/// The floor: the minimum storage work one booking needs, done directly with the SDKs. Read the course, one
/// transaction (course counters with its ETag, booking, outbox row), one queue message. A lost ETag race re-reads and
/// retries with jittered backoff, as any optimistic writer must.
/// </summary>
internal sealed class RawFloor(TableClient bookings, QueueClient queue)
{
    public const string QueueName = "bench-raw-floor";

    public async Task<Attempt> BookAsync(string courseId, int index)
    {
        var conflicts = 0;
        var delay = 10.0;
        while (true)
        {
            var course = (await bookings.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course)).Value;
            var confirmed = course.GeneralPlacesTaken < course.Capacity - course.FreePlaces;
            if (confirmed)
            {
                course.GeneralPlacesTaken++;
            }
            else
            {
                course.WaitlistCount++;
            }

            var reference = BookingReference.New();
            var now = DateTimeOffset.UtcNow;
            var outbox = OutboxEntity.Create(courseId, RowKeys.Outbox(reference, EmailTemplates.BookingConfirmed), EmailTemplates.BookingConfirmed, RowKeys.Booking(reference), now, TimeSpan.FromMinutes(10));
            try
            {
                await bookings.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, course, course.ETag),
                    new(TableTransactionActionType.Add, new BookingEntity
                    {
                        PartitionKey = courseId,
                        RowKey = RowKeys.Booking(reference),
                        Reference = reference,
                        Status = (confirmed ? BookingStatus.Confirmed : BookingStatus.Waitlisted).ToString(),
                        WaitlistPosition = confirmed ? null : course.WaitlistCount,
                        ParentName = "Sam Parent",
                        Email = $"raw{index}@bench.example.co.uk",
                        Phone = "07700 900123",
                        BabyFirstName = "Robin",
                        BabyDateOfBirth = BenchCourses.BabyDateOfBirth,
                        TermsAcceptedUtc = now,
                        CreatedUtc = now,
                    }),
                    new(TableTransactionActionType.Add, outbox),
                ]);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412)
            {
                conflicts++;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * delay));
                delay = Math.Min(delay * 2, 250);
                continue;
            }

            await queue.SendMessageAsync(JsonSerializer.Serialize(new OutboxMessage(TableNames.Bookings, courseId, outbox.RowKey), OutboxMessage.Json));
            return new Attempt(confirmed ? 201 : 202, conflicts);
        }
    }
}

/// <summary>After a contended run: what storage holds for the course, checked against its places.</summary>
internal static class Consistency
{
    public static async Task<ConsistencyCheck> CheckAsync(TableClient bookings, string courseId, int generalPlaces)
    {
        var course = (await bookings.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course)).Value;
        var rows = new List<BookingEntity>();
        await foreach (var row in bookings.QueryAsync<BookingEntity>(
            b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.BookingPrefix)) < 0))
        {
            rows.Add(row);
        }

        var outboxRows = 0;
        await foreach (var _ in bookings.QueryAsync<TableEntity>(
            o => o.PartitionKey == courseId && o.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && o.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0,
            select: ["RowKey"]))
        {
            outboxRows++;
        }

        var confirmed = rows.Count(r => r.Status == nameof(BookingStatus.Confirmed));
        var positions = rows.Where(r => r.Status == nameof(BookingStatus.Waitlisted)).Select(r => r.WaitlistPosition ?? 0).Order().ToList();
        var waitlistContiguous = positions.SequenceEqual(Enumerable.Range(1, positions.Count));
        return new ConsistencyCheck(
            rows.Count,
            confirmed,
            positions.Count,
            course.GeneralPlacesTaken,
            course.WaitlistCount,
            outboxRows,
            Overbooked: confirmed > generalPlaces || course.GeneralPlacesTaken > generalPlaces,
            CountersMatch: course.GeneralPlacesTaken == confirmed && course.WaitlistCount == positions.Count,
            WaitlistContiguous: waitlistContiguous);
    }
}
