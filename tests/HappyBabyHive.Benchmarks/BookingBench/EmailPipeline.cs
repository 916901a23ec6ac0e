using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// N stored bookings whose confirmations are owed (outbox rows), their N queue messages sent at once, and the clock
/// running until maildev holds N emails; then a pause to catch any duplicate arriving late.
/// </summary>
internal static class EmailPipeline
{
    public static async Task<EmailResult> RunAsync(TableClient bookings, QueueClient emailQueue, Uri maildev, Runner runner, int count)
    {
        // A freshly started runner JITs its email path (composing, calendar, MailKit) on the first emails; warm it as
        // the booking phases are warmed, then measure.
        await RunOnceAsync(bookings, emailQueue, maildev, runner, 24, "warm");
        Console.WriteLine($"Email pipeline: {count} confirmations");
        return await RunOnceAsync(bookings, emailQueue, maildev, runner, count, "mail");
    }

    private static async Task<EmailResult> RunOnceAsync(TableClient bookings, QueueClient emailQueue, Uri maildev, Runner runner, int count, string prefix)
    {
        using var inbox = new HttpClient { BaseAddress = maildev };
        (await inbox.DeleteAsync("api/email/all")).EnsureSuccessStatusCode();

        var messages = (await new BenchCourses(bookings).SeedConfirmedAsync(count, prefix)).Select(seeded => seeded.Message).ToList();

        var before = await runner.StorageCountsAsync();
        var startedUtc = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (message, token) =>
            await emailQueue.SendMessageAsync(JsonSerializer.Serialize(message, StorageEmailEnqueuer.Json), token));
        var enqueued = watch.Elapsed.TotalSeconds;

        // maildev is single-threaded node and /api/email returns every email, so polling it often would slow down the
        // very SMTP server being measured; poll once a second and take the delivery times maildev itself recorded.
        var delivered = 0;
        var lastChange = watch.Elapsed;
        while (delivered < count && watch.Elapsed - lastChange < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1000);
            var now = (await InboxAsync(inbox)).Count;
            if (now != delivered)
            {
                delivered = now;
                lastChange = watch.Elapsed;
            }
        }

        var lastDelivered = await LastDeliveredAsync(inbox);
        var seconds = lastDelivered is { } last ? (last - startedUtc).TotalSeconds : lastChange.TotalSeconds;

        // Anything doubled would arrive within the queue's visibility timeout of the original; wait a while for it.
        await Task.Delay(TimeSpan.FromSeconds(prefix == "warm" ? 0 : 5));
        var emails = await InboxAsync(inbox);
        var after = await runner.StorageCountsAsync();
        var expected = messages.Count;
        var ours = emails.Where(address => address.StartsWith(prefix, StringComparison.Ordinal) && address.EndsWith("@bench.example.co.uk", StringComparison.Ordinal)).ToList();
        var distinct = ours.Distinct().Count();
        var result = new EmailResult(
            count,
            emails.Count,
            distinct,
            Lost: expected - distinct,
            Doubled: ours.Count - distinct,
            EnqueueSeconds: enqueued,
            EndToEndSeconds: seconds,
            EmailsPerSecond: distinct / seconds,
            StorageRequestsPerEmail: (double)(after.TableRequests + after.QueueSends + after.QueueOtherRequests
                - before.TableRequests - before.QueueSends - before.QueueOtherRequests) / Math.Max(1, distinct));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {distinct} of {count} delivered in {seconds:0.0} s ({result.EmailsPerSecond:0.0}/s), {result.Doubled} doubled, {result.Lost} lost"));
        return result;
    }

    private static async Task<DateTimeOffset?> LastDeliveredAsync(HttpClient inbox)
    {
        using var document = JsonDocument.Parse(await inbox.GetStringAsync("api/email"));
        return document.RootElement.EnumerateArray()
            .Where(email => email.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.String)
            .Select(email => (DateTimeOffset?)DateTimeOffset.Parse(email.GetProperty("time").GetString()!, CultureInfo.InvariantCulture))
            .Max();
    }

    /// <summary>Every recipient address in maildev's inbox, one per email.</summary>
    private static async Task<List<string>> InboxAsync(HttpClient inbox)
    {
        using var document = JsonDocument.Parse(await inbox.GetStringAsync("api/email"));
        return document.RootElement.EnumerateArray()
            .Select(email => email.GetProperty("to").EnumerateArray().Select(to => to.GetProperty("address").GetString()).First() ?? string.Empty)
            .ToList();
    }
}
