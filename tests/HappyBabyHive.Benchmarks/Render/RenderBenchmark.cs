using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Courses;
using HappyBabyHive.Email;
using HappyBabyHive.Functions;
using HappyBabyHive.Outbox;
using HappyBabyHive.Settings;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Benchmarks.Render;

/// <summary>
/// `-- render`: how long one page and one email take to render, in process, with no storage, each beside a raw floor
/// measured in the same run (process CPU time, wall-clock time and allocated bytes per render): a StringBuilder writing the same number of characters and HtmlEncoder-encoding the same
/// user fields (the least work any renderer must do to produce that output safely).
/// The page is the booking form through its function class, and the email is the booking confirmation through its
/// composer, both resolved from AddHappyBabyHive with test settings and in-memory courses. The file uses only types that
/// existed before the Razor change (#14), so it can be copied onto the older commit to measure "before".
/// </summary>
public static class RenderBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = IntArgument(args, "--iterations", 2_000);
        var rounds = IntArgument(args, "--rounds", 7);

        var now = TimeProvider.System.GetUtcNow();
        var today = UkTime.Today(TimeProvider.System);
        IReadOnlyList<Course> upcoming =
        [
            SampleCourses.Massage(today.AddDays(14), "massage-bench-1"),
            SampleCourses.Massage(today.AddDays(21), "massage-bench-2") with { Kind = CourseKind.BabyYoga, Title = "Baby Yoga for Wrigglers" },
            SampleCourses.Massage(today.AddDays(35), "massage-bench-3"),
        ];
        var family = new BookedFamily("HBH-7K2Q9", "Sam Parent", "sam@example.co.uk", "Ada", today.AddDays(-60), IsFreePlace: false, IsWaitlisted: false, WaitlistPosition: null);

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddHappyBabyHive(TestSettings.Build(TestSettings.Defaults()));
        services.AddSingleton<ICourseStore>(new InMemoryCourses(upcoming));
        services.AddSingleton<IBookingEmailSubjects>(new OneSubject(new BookingEmailSubject(family, upcoming[0], null)));
        services.AddSingleton<IBusinessSettingsStore>(new FixedSettings(new BusinessSettings("Call your health visitor.", 10m, now)));
        await using var provider = services.BuildServiceProvider();

        var form = ActivatorUtilities.CreateInstance<PublicBookingFormHttp>(provider);
        var composer = ActivatorUtilities.CreateInstance<BookingEmailComposer>(provider);
        var owed = new OwedEmail(new OutboxMessage("Bookings", upcoming[0].Id, "outbox-1"), EmailTemplates.BookingConfirmed, "booking-1");

        async Task<int> Page()
        {
            var context = new DefaultHttpContext { RequestServices = provider };
            context.Request.Scheme = "https";
            context.Request.Host = new HostString("bookings.example.co.uk");
            var result = (ContentResult)await form.BookingForm(context.Request, CancellationToken.None);
            return result.Content!.Length;
        }

        async Task<int> Email()
        {
            var message = await composer.ComposeAsync(owed, CancellationToken.None) ?? throw new InvalidOperationException("No email composed.");
            return message.HtmlBody.Length + message.TextBody.Length;
        }

        var pageLength = await Page();
        var emailLength = await Email();
        string[] pageFields = [.. upcoming.SelectMany(c => new[] { c.Title, c.Description, c.Venue, c.VenueAddress ?? string.Empty, c.BabyAge.Description })];
        string[] emailFields = [family.ParentName, family.BabyFirstName, family.Reference, upcoming[0].Title, upcoming[0].Venue, upcoming[0].VenueAddress ?? string.Empty];

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {rounds} rounds of at least {iterations} renders (and at least 300 ms) after a warm-up; page {pageLength} chars, email {emailLength} chars (HTML + text)"));

        var rows = new[]
        {
            await MeasureAsync("Booking form page (function class)", Page, iterations, rounds),
            await MeasureAsync("  floor: StringBuilder + HtmlEncoder, same length", () => Task.FromResult(Floor(pageLength, pageFields)), iterations, rounds),
            await MeasureAsync("Booking confirmation email (composer, with .ics)", Email, iterations, rounds),
            await MeasureAsync("  floor: StringBuilder + HtmlEncoder, same length", () => Task.FromResult(Floor(emailLength, emailFields)), iterations, rounds),
        };

        // The .ics attachment is the same code before and after #14 and most of the email's cost: timed on its own, so
        // the HTML and text parts' share is the difference.
        var ics = await MeasureAsync("of which the .ics attachment (CourseCalendar)", () => Task.FromResult(CourseCalendar.Attachment(upcoming[0], family.Reference, "The Happy Baby Hive", now).Content.Length), iterations, rounds);

        Console.WriteLine();
        Console.WriteLine("| Render | CPU µs/op | Wall µs/op | Allocated bytes/op | Ratio to floor (CPU) | Ratio to floor (bytes) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < rows.Length; i += 2)
        {
            var (render, floor) = (rows[i], rows[i + 1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {render.Name} | {render.MicrosecondsPerOp:0.0} | {render.WallMicrosecondsPerOp:0.0} | {render.BytesPerOp:N0} | {render.MicrosecondsPerOp / floor.MicrosecondsPerOp:0.0}x | {(double)render.BytesPerOp / floor.BytesPerOp:0.0}x |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {floor.Name.Trim()} | {floor.MicrosecondsPerOp:0.0} | {floor.WallMicrosecondsPerOp:0.0} | {floor.BytesPerOp:N0} | 1.0x | 1.0x |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {ics.Name} | {ics.MicrosecondsPerOp:0.0} | {ics.WallMicrosecondsPerOp:0.0} | {ics.BytesPerOp:N0} | | |"));
        var bodies = rows[2].MicrosecondsPerOp - ics.MicrosecondsPerOp;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| the email without the .ics (difference) | {bodies:0.0} | | {rows[2].BytesPerOp - ics.BytesPerOp:N0} | {bodies / rows[3].MicrosecondsPerOp:0.0}x | {(double)(rows[2].BytesPerOp - ics.BytesPerOp) / rows[3].BytesPerOp:0.0}x |"));
        return 0;
    }

    /// <param name="MicrosecondsPerOp">Process CPU time per render (median round): on a machine shared with other work, wall-clock time mostly measures the neighbours.</param>
    /// <param name="WallMicrosecondsPerOp">Wall-clock time per render (median round).</param>
    private sealed record Row(string Name, double MicrosecondsPerOp, double WallMicrosecondsPerOp, long BytesPerOp);

    /// <summary>Warm-up, then <paramref name="rounds"/> timed rounds; the median round's time and the mean allocation.</summary>
    private static async Task<Row> MeasureAsync(string name, Func<Task<int>> render, int iterations, int rounds)
    {
        var sink = 0;
        var warmUps = Math.Max(200, iterations / 5);
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < warmUps; i++)
        {
            sink += await render();
        }

        // A round lasts at least ~300 ms, so the process CPU clock (10 ms ticks on Linux) resolves even the floors.
        iterations = Math.Max(iterations, (int)Math.Min(1_000_000, TimeSpan.FromMilliseconds(300) / (warmUp.Elapsed / warmUps)));
        var times = new List<double>();
        var cpu = new List<double>();
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                sink += await render();
            }

            watch.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / iterations);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
            times.Add(watch.Elapsed.TotalMicroseconds / iterations);
        }

        times.Sort();
        cpu.Sort();
        GC.KeepAlive(sink);
        var row = new Row(name, cpu[cpu.Count / 2], times[times.Count / 2], allocated / ((long)iterations * rounds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {row.MicrosecondsPerOp:0.0} µs CPU/op, {row.WallMicrosecondsPerOp:0.0} µs wall/op, {row.BytesPerOp:N0} B/op"));
        return row;
    }

    /// <summary>The floor: the user fields HTML-encoded and the rest of the output written as constant text.</summary>
    private static int Floor(int length, string[] fields)
    {
        var output = new StringBuilder();
        foreach (var field in fields)
        {
            output.Append(HtmlEncoder.Default.Encode(field));
        }

        const string Markup = "<p style=\"margin:0 0 16px;\">Some constant markup of an ordinary page or email.</p>\n";
        while (output.Length + Markup.Length <= length)
        {
            output.Append(Markup);
        }

        output.Append(Markup, 0, length - output.Length);
        return output.ToString().Length;
    }

    private static int IntArgument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The upcoming courses, in memory: the page reads the list, nothing writes.</summary>
    private sealed class InMemoryCourses(IReadOnlyList<Course> upcoming) : ICourseStore
    {
        public Task<Course?> FindAsync(string courseId, CancellationToken cancellationToken) => Task.FromResult(upcoming.FirstOrDefault(c => c.Id == courseId));

        public Task<IReadOnlyList<Course>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(upcoming);

        public Task<IReadOnlyList<Course>> ListAllAsync(CancellationToken cancellationToken) => Task.FromResult(upcoming);

        public Task<bool> TryAddAsync(Course course, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task IndexAsync(string courseId, DateTimeOffset firstSessionStartsUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task TidyIndexAsync(string courseId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class OneSubject(BookingEmailSubject subject) : IBookingEmailSubjects
    {
        public Task<BookingEmailSubject?> LoadAsync(string courseId, string bookingRowKey, CancellationToken cancellationToken) => Task.FromResult<BookingEmailSubject?>(subject);
    }

    private sealed class FixedSettings(BusinessSettings settings) : IBusinessSettingsStore
    {
        public Task<BusinessSettings> GetAsync(CancellationToken cancellationToken) => Task.FromResult(settings);

        public Task<SettingsSaveOutcome> SaveAsync(BusinessSettingsInput input, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
