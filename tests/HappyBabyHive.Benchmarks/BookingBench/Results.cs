using System.Globalization;
using System.Text;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Benchmarks.BookingBench;

internal sealed class BenchResults
{
    public required MachineInfo Machine { get; init; }
    public DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset FinishedUtc { get; set; }
    public int Repeats { get; init; }
    public int BookingsPerLevel { get; init; }
    public List<LevelResult> Uncontended { get; } = [];
    public List<ContentionResult> Contention { get; } = [];
    public EmailResult? Email { get; set; }
    public double RunnerPeakWorkingSetMb { get; set; }
    public double RunnerPeakWorkingSetMbEmail { get; set; }
}

internal sealed record MachineInfo(int Cores, string Os, string Runtime, string Cpu, string Emulators);

internal sealed record LevelResult(int Concurrency, Summary Raw, Summary Http);

internal sealed record ContentionResult(string Name, int Requests, int Concurrency, int GeneralPlaces, Summary Raw, Summary Http, ConsistencyCheck Stored);

internal sealed record ConsistencyCheck(
    int Bookings, int Confirmed, int Waitlisted, int CourseGeneralPlacesTaken, int CourseWaitlistCount, int OutboxRows,
    bool Overbooked, bool CountersMatch, bool WaitlistContiguous)
{
    public override string ToString() =>
        $"{Bookings} bookings ({Confirmed} confirmed, {Waitlisted} waitlisted), course counters {CourseGeneralPlacesTaken}/{CourseWaitlistCount}, " +
        $"{OutboxRows} outbox rows; overbooked: {Overbooked}, counters match: {CountersMatch}, waitlist 1..n: {WaitlistContiguous}";
}

internal sealed record EmailResult(
    int Queued, int Received, int DistinctRecipients, int Lost, int Doubled, double EnqueueSeconds, double EndToEndSeconds,
    double EmailsPerSecond, double StorageRequestsPerEmail)
{
    /// <summary>The same message sent straight to maildev at the runner's parallelism, before and after the pipeline.</summary>
    public double[] RawSmtpEmailsPerSecond { get; init; } = [];
}

internal sealed record Measurement(double[] LatenciesMs, Attempt[] Attempts, double Seconds, StorageRequestCounts? Before, StorageRequestCounts? After);

/// <summary>All runs of one path pooled: percentiles over every request, throughput over the summed time.</summary>
internal sealed record Summary(
    int Requests, double Seconds, double PerSecond, double P50, double P95, double P99, double Max,
    Dictionary<string, int> Statuses, double? StorageRoundTripsPerBooking, double? TableRequestsPerBooking, double PreconditionFailedPerBooking)
{
    public int ServerErrors => Statuses.Where(s => s.Key.StartsWith('5')).Sum(s => s.Value);

    public int Unanswered => Statuses.GetValueOrDefault("0");

    public static Summary Of(IReadOnlyList<Measurement> runs)
    {
        var latencies = runs.SelectMany(r => r.LatenciesMs).ToArray();
        var attempts = runs.SelectMany(r => r.Attempts).ToArray();
        var seconds = runs.Sum(r => r.Seconds);
        var counted = runs.Where(r => r.Before is not null && r.After is not null).ToList();
        double? PerBooking(Func<StorageRequestCounts, long> pick) => counted.Count == 0
            ? null
            : counted.Sum(r => (double)(pick(r.After!) - pick(r.Before!))) / counted.Sum(r => r.Attempts.Length);
        var conflicts = counted.Count > 0
            ? PerBooking(c => c.PreconditionFailed)!.Value
            : (double)attempts.Sum(a => a.Conflicts) / Math.Max(1, attempts.Length);
        return new Summary(
            latencies.Length,
            seconds,
            latencies.Length / seconds,
            Percentile(latencies, 50),
            Percentile(latencies, 95),
            Percentile(latencies, 99),
            latencies.Max(),
            attempts.GroupBy(a => a.Status.ToString(CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count()),
            PerBooking(c => c.TableRequests + c.QueueSends),
            PerBooking(c => c.TableRequests),
            conflicts);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

internal static class Report
{
    public static string Markdown(BenchResults r)
    {
        var s = new StringBuilder();
        void Line(FormattableString text) => s.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        string Statuses(Summary x) => string.Join(", ", x.Statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"));

        Line($"Run {r.StartedUtc:yyyy-MM-dd HH:mm} UTC, {(r.FinishedUtc - r.StartedUtc).TotalMinutes:0.0} min. Machine: {r.Machine.Cores} cores ({r.Machine.Cpu}), {r.Machine.Os}, {r.Machine.Runtime}; {r.Machine.Emulators}.");
        Line($"Each cell pools {r.Repeats} alternating runs of {r.BookingsPerLevel} bookings; raw = the SDKs directly (read course, one ETag-guarded transaction of counters + booking + outbox row, one queue message); HTTP = POST /api/bookings through the local runner process.");
        s.AppendLine();
        s.AppendLine("| Path | Concurrency | Bookings/s | p50 ms | p95 ms | p99 ms | HTTP/raw p50 | HTTP/raw p95 | HTTP/raw throughput | Storage round trips per booking | 412s per booking | Statuses |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var level in r.Uncontended)
        {
            Line($"| raw | {level.Concurrency} | {level.Raw.PerSecond:0} | {level.Raw.P50:0.0} | {level.Raw.P95:0.0} | {level.Raw.P99:0.0} | | | | 3 | {level.Raw.PreconditionFailedPerBooking:0.00} | |");
            Line($"| HTTP | {level.Concurrency} | {level.Http.PerSecond:0} | {level.Http.P50:0.0} | {level.Http.P95:0.0} | {level.Http.P99:0.0} | **{level.Http.P50 / level.Raw.P50:0.00}×** | {level.Http.P95 / level.Raw.P95:0.00}× | {level.Raw.PerSecond / level.Http.PerSecond:0.00}× slower | {level.Http.StorageRoundTripsPerBooking:0.00} | {level.Http.PreconditionFailedPerBooking:0.00} | {Statuses(level.Http)} |");
        }

        s.AppendLine();
        s.AppendLine("Contention (one course):");
        s.AppendLine();
        s.AppendLine("| Scenario | Path | Bookings/s | p50 ms | p95 ms | p99 ms | max ms | p95 / uncontended HTTP p95 (c=32) | Round trips per booking | 412s per booking | Statuses | Stored |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        var uncontended = r.Uncontended.LastOrDefault()?.Http.P95 ?? double.NaN;
        foreach (var c in r.Contention)
        {
            Line($"| {c.Name} | raw (ETag retry loop) | {c.Raw.PerSecond:0} | {c.Raw.P50:0} | {c.Raw.P95:0} | {c.Raw.P99:0} | {c.Raw.Max:0} | {c.Raw.P95 / uncontended:0.0}× | | {c.Raw.PreconditionFailedPerBooking:0.00} | | |");
            Line($"| {c.Name} | HTTP | {c.Http.PerSecond:0} | {c.Http.P50:0} | {c.Http.P95:0} | {c.Http.P99:0} | {c.Http.Max:0} | **{c.Http.P95 / uncontended:0.0}×** | {c.Http.StorageRoundTripsPerBooking:0.00} | {c.Http.PreconditionFailedPerBooking:0.00} | {Statuses(c.Http)} | {(c.Stored.Overbooked ? "OVERBOOKED" : "not overbooked")}; {c.Stored.Confirmed} confirmed, {c.Stored.Waitlisted} waitlisted; counters {(c.Stored.CountersMatch ? "match" : "DIFFER")}; waitlist {(c.Stored.WaitlistContiguous ? "1..n" : "NOT 1..n")}; {c.Stored.OutboxRows} outbox rows |");
        }

        if (r.Email is { } e)
        {
            s.AppendLine();
            Line($"Email pipeline: {e.Queued} confirmations queued ({e.EnqueueSeconds:0.0} s to enqueue) → {e.DistinctRecipients} delivered to maildev in {e.EndToEndSeconds:0.0} s = **{e.EmailsPerSecond:0.0} emails/s**; {e.Lost} lost, {e.Doubled} doubled; {e.StorageRequestsPerEmail:0.0} storage requests per email (including queue polling).");
            if (e.RawSmtpEmailsPerSecond.Length > 0)
            {
                var floor = e.RawSmtpEmailsPerSecond.Average();
                Line($"Raw SMTP floor (the same message straight to maildev, 12 connections, no storage or queue), before and after: {string.Join(" and ", e.RawSmtpEmailsPerSecond.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))} emails/s; the pipeline ran at **{e.EmailsPerSecond / floor:0.00}×** of their mean.");
            }
        }

        s.AppendLine();
        Line($"Runner peak working set (VmHWM): {r.RunnerPeakWorkingSetMb:0} MB over the booking phases, {r.RunnerPeakWorkingSetMbEmail:0} MB over the email phase.");
        return s.ToString();
    }
}
