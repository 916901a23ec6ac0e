using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Email;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// Where one email's time goes, in process and without the queue: composing it (its storage reads and rendering),
/// handing it to SMTP, and the whole outbox step (claim, compose, send, mark sent), one at a time and then
/// <see cref="ListenerMost"/> at a time (the queue listener's most: host.json batchSize 8 + newBatchThreshold 4).
/// Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- email-profile [--emails 200]
/// </summary>
internal static class EmailProfile
{
    private const int ListenerMost = 12;

    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--emails");
        var count = index >= 0 ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 200;
        await using var emulators = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), Console.Out, CancellationToken.None);
        var settings = TestSettings.Defaults();
        settings["AzureWebJobsStorage"] = emulators.StorageConnectionString;
        settings["Smtp:Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture);
        var configuration = TestSettings.Build(settings);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHappyBabyHive(configuration);
        await using var provider = services.BuildServiceProvider();
        await TestStorage.CreateAsync(provider);
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var tables = provider.GetRequiredService<TableServiceClient>();

        var bookings = tables.GetTableClient(storage.BookingsTable);
        var composer = provider.GetServices<IOutboxEmailComposer>().First(c => c.CanCompose(EmailTemplates.BookingConfirmed));
        var sender = provider.GetRequiredService<IEmailSender>();
        var processor = provider.GetRequiredService<IOutboxProcessor>();

        var warm = await SeedAsync(bookings, 20);
        foreach (var (message, outbox) in warm)
        {
            await processor.ProcessAsync(message, 1, CancellationToken.None);
        }

        var seeded = await SeedAsync(bookings, count * 3);
        var composeMs = new List<double>();
        var sendMs = new List<double>();
        foreach (var (message, outbox) in seeded.Take(count))
        {
            var started = Stopwatch.GetTimestamp();
            var email = (await composer.ComposeAsync(new OwedEmail(message, outbox.Template, outbox.SubjectRowKey), CancellationToken.None))!;
            composeMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await sender.SendAsync(email, CancellationToken.None);
            sendMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var processMs = new List<double>();
        foreach (var (message, _) in seeded.Skip(count).Take(count))
        {
            var started = Stopwatch.GetTimestamp();
            await processor.ProcessAsync(message, 1, CancellationToken.None);
            processMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // The same SMTP server, one connection kept open: how much of a send is the connection itself.
        var openMs = new List<double>();
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", emulators.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            for (var i = 0; i < count; i++)
            {
                var mime = new MimeKit.MimeMessage { Subject = "Open connection" };
                mime.From.Add(new MimeKit.MailboxAddress("Hive", "hello@happybabyhive.test"));
                mime.To.Add(new MimeKit.MailboxAddress("Parent", $"open{i}@bench.example.co.uk"));
                mime.Body = new MimeKit.TextPart("plain") { Text = "Hello" };
                var started = Stopwatch.GetTimestamp();
                await client.SendAsync(mime);
                openMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            await client.DisconnectAsync(quit: true);
        }

        // Where a fresh connection's time goes: connect (greeting, EHLO), send, quit; with MailKit's default local
        // domain for EHLO and with one set explicitly.
        foreach (var localDomain in new string?[] { null, "happybabyhive.local" })
        {
            var connectMs = new List<double>();
            var quitMs = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                using var client = new MailKit.Net.Smtp.SmtpClient();
                if (localDomain is not null)
                {
                    client.LocalDomain = localDomain;
                }

                var started = Stopwatch.GetTimestamp();
                await client.ConnectAsync("127.0.0.1", emulators.SmtpPort, MailKit.Security.SecureSocketOptions.None);
                connectMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                await client.DisconnectAsync(quit: true);
                quitMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LocalDomain {localDomain ?? "(default)"}: connect p50 {Summary.Percentile([.. connectMs], 50):0.0} ms, quit p50 {Summary.Percentile([.. quitMs], 50):0.0} ms"));
        }

        var parallel = Stopwatch.StartNew();
        await Parallel.ForEachAsync(seeded.Skip(2 * count), new ParallelOptions { MaxDegreeOfParallelism = ListenerMost }, async (item, token) =>
            await processor.ProcessAsync(item.Message, 1, token));
        parallel.Stop();

        string Line(string name, List<double> values) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Summary.Percentile([.. values], 50):0.0} | {Summary.Percentile([.. values], 95):0.0} | {1000 / values.Average():0} |");
        Console.WriteLine();
        Console.WriteLine("| One email at a time | p50 ms | p95 ms | emails/s at this rate |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(Line("compose (reads booking, course, settings; renders text, HTML, calendar)", composeMs));
        Console.WriteLine(Line("SMTP send (connect, send, quit)", sendMs));
        Console.WriteLine(Line("SMTP send of a small message on one open connection", openMs));
        Console.WriteLine(Line("whole outbox step (read, claim, compose, send, mark sent)", processMs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Whole outbox step, {ListenerMost} at a time: {count} emails in {parallel.Elapsed.TotalSeconds:0.0} s = {count / parallel.Elapsed.TotalSeconds:0.0} emails/s"));
        return 0;
    }

    private static async Task<List<(OutboxMessage Message, OutboxEntity Outbox)>> SeedAsync(TableClient bookings, int count)
    {
        var seeded = await new BenchCourses(bookings).SeedConfirmedAsync(count, "profile");

        // Read back so each outbox entity carries its ETag, as the processor would see it.
        var read = new List<(OutboxMessage, OutboxEntity)>(seeded.Count);
        foreach (var (message, _) in seeded)
        {
            read.Add((message, (await bookings.GetEntityAsync<OutboxEntity>(message.PartitionKey, message.RowKey)).Value));
        }

        return read;
    }
}
