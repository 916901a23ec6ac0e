using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive.Bookings;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using MailKit.Net.Smtp;
using MimeKit;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// N stored bookings whose confirmations are owed (outbox rows), their N queue messages sent at once, and the clock
/// running until maildev holds N emails; then a pause to catch any duplicate arriving late.
/// </summary>
internal static class EmailPipeline
{
    /// <summary>Messages the runner works on at once per queue function: host.json batchSize 8 + newBatchThreshold 4.</summary>
    private const int RunnerParallelism = 12;

    public static async Task<EmailResult> RunAsync(TableClient bookings, QueueClient emailQueue, Uri maildev, int smtpPort, Runner runner, int count)
    {
        // A freshly started runner JITs its email path (composing, calendar, MailKit) on the first emails; warm it as
        // the booking phases are warmed, then measure.
        await RunOnceAsync(bookings, emailQueue, maildev, runner, 24, "warm");
        using var inbox = new HttpClient { BaseAddress = maildev };
        var confirmation = await OneConfirmationAsync(inbox);

        // The floor and the pipeline alternate, so a slow minute on this machine weighs on both.
        Console.WriteLine($"Email pipeline: {count} confirmations, against the raw SMTP floor");
        var rawFirst = await RawSmtpFloorAsync(inbox, confirmation, smtpPort, count, "rawa");
        var pipeline = await RunOnceAsync(bookings, emailQueue, maildev, runner, count, "mail");
        var rawSecond = await RawSmtpFloorAsync(inbox, confirmation, smtpPort, count, "rawb");
        return pipeline with { RawSmtpEmailsPerSecond = [rawFirst, rawSecond] };
    }

    /// <summary>One confirmation exactly as the app sent it (maildev keeps the raw message).</summary>
    private static async Task<MimeMessage> OneConfirmationAsync(HttpClient inbox)
    {
        using var document = JsonDocument.Parse(await inbox.GetStringAsync("api/email?limit=1"));
        var id = document.RootElement.EnumerateArray().First().GetProperty("id").GetString();
        await using var source = await inbox.GetStreamAsync($"api/email/{id}/source");
        return await MimeMessage.LoadAsync(source);
    }

    /// <summary>
    /// The floor under the email phase: the same message bytes sent straight to maildev with MailKit over as many
    /// connections as the runner sends on at once, no storage, no queue, no composing. Emails per second as maildev
    /// recorded their arrival.
    /// </summary>
    private static async Task<double> RawSmtpFloorAsync(HttpClient inbox, MimeMessage confirmation, int smtpPort, int count, string prefix)
    {
        (await inbox.DeleteAsync("api/email/all")).EnsureSuccessStatusCode();
        var watch = Stopwatch.StartNew();
        var next = -1;
        using var raw = new MemoryStream();
        await confirmation.WriteToAsync(raw);
        await Task.WhenAll(Enumerable.Range(0, RunnerParallelism).Select(async _ =>
        {
            // Each connection sends its own copy, readdressed each time (MimeMessage is not thread-safe).
            var message = MimeMessage.Load(new MemoryStream(raw.ToArray()));
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync("127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                message.To.Clear();
                message.To.Add(MailboxAddress.Parse($"{prefix}{i}@bench.example.co.uk"));
                message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
                message.Date = DateTimeOffset.UtcNow;
                await smtp.SendAsync(message);
            }

            await smtp.DisconnectAsync(quit: true);
        }));

        // MailKit's send returns once maildev has answered 250 to the message, so this is when maildev held them all
        // (its own arrival times come from the Date header, whole seconds only: too coarse for a 5-second run).
        var seconds = watch.Elapsed.TotalSeconds;

        var received = 0;
        for (var wait = 0; received < count && wait < 60; wait++)
        {
            received = (await InboxAsync(inbox)).Count;
            if (received < count)
            {
                await Task.Delay(1000);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw SMTP floor: {received} of {count} in {seconds:0.0} s ({received / seconds:0.0}/s)"));
        return received / seconds;
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
            await emailQueue.SendMessageAsync(JsonSerializer.Serialize(message, OutboxMessage.Json), token));
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
