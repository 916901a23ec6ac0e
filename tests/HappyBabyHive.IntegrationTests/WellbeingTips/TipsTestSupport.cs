using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.IntegrationTests.WellbeingTips;

/// <summary>Helpers for the tips tests: the feature's tables and queues, seeding subscribers, draining queues, requests.</summary>
internal static class TipsTestSupport
{
    /// <summary>Monday 23 November 2026, 07:00 UTC (07:00 GMT): an hour before the tip goes out.</summary>
    public static readonly DateTimeOffset MondaySevenUtc = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    public static readonly IsoWeekId Week = new(2026, 48);

    /// <summary>No send-rate spreading (tests want every message visible at once), unless a test sets its own.</summary>
    public static void NoRateLimit(Dictionary<string, string?> settings)
    {
        settings["WellbeingTips:SendsPerMinute"] = "0";
        settings["WellbeingTips:SendsPerHour"] = "0";
    }

    public static TableClient Subscribers(this AppServices app) => app.Get<TableServiceClient>().GetTableClient(app.Storage.TipSubscribersTable);

    public static TableClient Publications(this AppServices app) => app.Get<TableServiceClient>().GetTableClient(app.Storage.TipPublicationsTable);

    public static QueueClient FanOutQueue(this AppServices app) => ((StorageTipQueues)app.Get<ITipQueues>()).FanOut;

    public static QueueClient TipEmailQueue(this AppServices app) => ((StorageTipQueues)app.Get<ITipQueues>()).Emails;

    public static T Create<T>(this AppServices app) => ActivatorUtilities.CreateInstance<T>(app.Provider);

    /// <summary>Confirmed subscribers written straight to the table, as the double opt-in leaves them.</summary>
    public static async Task<IReadOnlyList<string>> SeedConfirmedAsync(AppServices app, int count, string domain, string status = nameof(SubscriberStatus.Confirmed))
    {
        var emails = Enumerable.Range(0, count).Select(i => $"parent{i:D5}@{domain}").ToList();
        var table = app.Subscribers();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (email, token) =>
            await table.UpsertEntityAsync(
                new SubscriberEntity
                {
                    PartitionKey = SubscriberKeys.For(TestSettings.Hasher, email),
                    Email = email,
                    FirstName = "Sam",
                    Status = status,
                    ConsentId = Subscriber.NewConsentId(),
                    ConsentVersion = ConsentWording.Version,
                    ConsentSource = ConsentSources.SubscribeForm,
                    ConsentRequestedUtc = now,
                    ConfirmedUtc = now,
                    CreatedUtc = now,
                },
                TableUpdateMode.Replace,
                token));
        return emails;
    }

    /// <summary>Receives and handles messages (several receivers, each handling its batch in parallel) until the queue stays empty.</summary>
    public static async Task<int> DrainAsync(QueueClient queue, Func<QueueMessage, Task> handle, int receivers = 4, int parallelism = 8)
    {
        var total = 0;
        await Task.WhenAll(Enumerable.Range(0, receivers).Select(async _ =>
        {
            for (var empty = 0; empty < 3;)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2))).Value;
                if (batch.Length == 0)
                {
                    empty++;
                    await Task.Delay(100);
                    continue;
                }

                empty = 0;
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (message, token) =>
                {
                    await handle(message);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, token);
                });
                Interlocked.Add(ref total, batch.Length);
            }
        }));
        return total;
    }

    public static HttpRequest Json(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.Headers["X-Forwarded-For"] = $"198.51.100.{Random.Shared.Next(1, 250)}";
        return context.Request;
    }

    public static HttpRequest Get(string url)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(new Uri(url).Query);
        return context.Request;
    }

    /// <summary>A form POST to <paramref name="url"/>: the page's button (form has the token) or a mail app's one-click (query has it).</summary>
    public static HttpRequest Post(string url, string form)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString(new Uri(url).Query);
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var bytes = Encoding.UTF8.GetBytes(form);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    public static string TokenOf(string url) => Uri.UnescapeDataString(new Uri(url).Query.Split("token=")[1]);
}
