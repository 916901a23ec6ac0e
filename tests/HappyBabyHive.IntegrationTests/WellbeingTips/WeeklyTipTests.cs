using System.Diagnostics;
using Azure.Data.Tables;
using HappyBabyHive.Email;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit.Abstractions;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

namespace HappyBabyHive.IntegrationTests.WellbeingTips;

/// <summary>Publishing, fan-out and sending the weekly tip through the real functions, Azurite and maildev.</summary>
[Collection(UsesEmulators.Name)]
public sealed class WeeklyTipTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    [Fact]
    public async Task The_timer_firing_twice_publishes_once_and_each_subscriber_gets_one_email()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var domain = $"t{Guid.NewGuid():N}.example.co.uk";
        var confirmed = await SeedConfirmedAsync(app, 3, domain);
        await SeedConfirmedAsync(app, 1, "pending." + domain, nameof(SubscriberStatus.Pending));
        await SeedConfirmedAsync(app, 1, "gone." + domain, nameof(SubscriberStatus.Unsubscribed));
        var timer = app.Create<WellbeingTipTimer>();
        var functions = app.Create<WellbeingTipQueue>();

        await timer.PublishWeeklyTip(new TimerInfo(), CancellationToken.None); // 07:00 GMT: not yet
        Assert.Null((await app.FanOutQueue().ReceiveMessageAsync()).Value);

        clock.Advance(TimeSpan.FromHours(1)); // 08:00 GMT = 08:00 in the UK
        await timer.PublishWeeklyTip(new TimerInfo(), CancellationToken.None);
        await timer.PublishWeeklyTip(new TimerInfo { IsPastDue = true }, CancellationToken.None); // fired again (say, a second instance)

        Assert.Equal(2, await DrainAsync(app.FanOutQueue(), m => functions.FanOutWeeklyTip(m, CancellationToken.None), receivers: 2, parallelism: 1));
        var publication = Assert.Single(await app.Publications().QueryAsync<TipPublicationEntity>(p => p.PartitionKey == TipPublicationEntity.Partition).ToListAsync());
        Assert.Equal(("2026-W48", 1, 3), (publication.Week, publication.TipOrder, publication.FanOutEnqueued));
        Assert.NotNull(publication.FanOutCompletedUtc);

        Assert.Equal(3, await DrainAsync(app.TipEmailQueue(), m => functions.SendWeeklyTip(m, CancellationToken.None)));
        foreach (var email in confirmed)
        {
            var received = Assert.Single(await emulators.Maildev.WaitForAsync(email));
            Assert.Equal($"This week's wellbeing tip: {publication.Title}", received.Subject);
        }

        var all = await emulators.Maildev.AllAsync();
        Assert.Equal(3, all.Count(e => e.To.Any(t => t.Address.EndsWith(domain, StringComparison.Ordinal))));

        var current = Assert.IsType<OkObjectResult>(await app.Create<PublicTipsHttp>().GetCurrentTip(new DefaultHttpContext().Request, CancellationToken.None));
        Assert.Equal("2026-W48", Assert.IsType<TipResponse>(current.Value).Week);
    }

    [Fact]
    public async Task Someone_who_unsubscribes_between_fan_out_and_send_gets_nothing()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc.AddHours(1));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var domain = $"t{Guid.NewGuid():N}.example.co.uk";
        var emails = await SeedConfirmedAsync(app, 2, domain);
        Assert.Equal(FanOutResult.Completed, await app.Get<ITipPublisher>().PublishAndFanOutAsync(Week, CancellationToken.None));

        // The one-click unsubscribe, after the messages are queued and before they are sent.
        var leaving = SubscriberKeys.For(TestSettings.Hasher, emails[0]);
        await app.Create<PublicSubscriptionsHttp>().Unsubscribe(Post(app.Get<SubscriptionLinks>().UnsubscribeUrl(leaving), "List-Unsubscribe=One-Click"), CancellationToken.None);

        var results = new List<TipSendResult>();
        await DrainAsync(app.TipEmailQueue(), async m =>
        {
            var result = await app.Get<ITipSender>().SendAsync(TipMessages.Read<TipEmailMessage>(m.Body), CancellationToken.None);
            lock (results)
            {
                results.Add(result);
            }
        });

        Assert.Equal([TipSendResult.Sent, TipSendResult.NotSubscribed], results.Order());
        Assert.Single(await emulators.Maildev.WaitForAsync(emails[1]));
        Assert.Empty(await emulators.Maildev.ToAsync(emails[0]));
        Assert.False((await app.Publications().GetEntityIfExistsAsync<TipSentEntity>(TipSentEntity.PartitionFor(Week.ToString()), leaving)).HasValue);
    }

    [Fact]
    public async Task A_thousand_subscribers_are_each_sent_exactly_one_email_even_when_messages_are_delivered_twice()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc.AddHours(1));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), settings =>
        {
            NoRateLimit(settings);
            settings["WellbeingTips:FanOutPageSize"] = "250"; // four pages, four checkpoints
        });
        var domain = $"t{Guid.NewGuid():N}.example.co.uk";
        var stopwatch = Stopwatch.StartNew();
        var emails = await SeedConfirmedAsync(app, 1000, domain);
        output.WriteLine($"seeded in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(FanOutResult.Completed, await app.Get<ITipPublisher>().PublishAndFanOutAsync(Week, CancellationToken.None));
        Assert.Equal(FanOutResult.AlreadyDone, await app.Get<ITipPublisher>().PublishAndFanOutAsync(Week, CancellationToken.None));
        output.WriteLine($"fanned out at {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var results = new System.Collections.Concurrent.ConcurrentBag<TipSendResult>();
        var sent = await DrainAsync(app.TipEmailQueue(), async m =>
        {
            var message = TipMessages.Read<TipEmailMessage>(m.Body);
            results.Add(await app.Get<ITipSender>().SendAsync(message, CancellationToken.None));
            if (message.Subscriber[^1] is '0' or 'f')
            {
                results.Add(await app.Get<ITipSender>().SendAsync(message, CancellationToken.None)); // redelivered (about 1 in 8)
            }
        }, receivers: 4, parallelism: 8);
        output.WriteLine($"sent at {stopwatch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1000, sent);
        Assert.Equal(1000, results.Count(r => r == TipSendResult.Sent));
        Assert.Equal(emails.Select(e => SubscriberKeys.For(TestSettings.Hasher, e)).Count(k => k[^1] is '0' or 'f'), results.Count(r => r == TipSendResult.AlreadySent));
        var markers = await app.Publications().QueryAsync<TipSentEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TipSentEntity.PartitionFor(Week.ToString())}")).ToListAsync();
        Assert.Equal(1000, markers.Count(m => m.Status == TipSendStatus.Sent));

        // What actually arrived over SMTP: one email per address, no more, no fewer.
        IReadOnlyList<MaildevEmail> inbox = [];
        for (var wait = 0; wait < 30 && (inbox = await ReceivedAsync(domain)).Count < 1000; wait++)
        {
            await Task.Delay(1000);
        }

        Assert.Equal(emails.Order(), inbox.Select(e => e.To.Single().Address).Order());
        output.WriteLine($"checked at {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_fan_out_interrupted_part_way_resumes_from_its_checkpoint_without_repeats_or_gaps()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc.AddHours(1));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), settings =>
        {
            NoRateLimit(settings);
            settings["WellbeingTips:FanOutPageSize"] = "10";
            settings["WellbeingTips:FanOutTimeBudget"] = "00:00:00.001"; // one page per invocation
        });
        var emails = await SeedConfirmedAsync(app, 35, $"t{Guid.NewGuid():N}.example.co.uk");
        var publisher = app.Get<ITipPublisher>();
        clock.AutoAdvanceAmount = TimeSpan.FromSeconds(1); // time passes as the fan-out works, so its budget runs out after a page

        Assert.Equal(FanOutResult.Continued, await publisher.PublishAndFanOutAsync(Week, CancellationToken.None));

        // The next delivery claims the week and dies (the instance restarts): its lease still stands.
        var publication = await PublicationAsync(app);
        Assert.Equal(10, publication.FanOutEnqueued);
        publication.FanOutLeaseUntilUtc = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        await app.Publications().UpdateEntityAsync(publication, publication.ETag);
        Assert.Equal(FanOutResult.Busy, await publisher.PublishAndFanOutAsync(Week, CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(2)); // the dead holder's lease runs out
        var results = new List<FanOutResult>();
        for (var run = 0; run < 10 && (results.Count == 0 || results[^1] != FanOutResult.Completed); run++)
        {
            results.Add(await publisher.PublishAndFanOutAsync(Week, CancellationToken.None));
        }

        Assert.Equal([FanOutResult.Continued, FanOutResult.Continued, FanOutResult.Completed], results);
        var queued = new List<string>();
        await DrainAsync(app.TipEmailQueue(), m =>
        {
            lock (queued)
            {
                queued.Add(TipMessages.Read<TipEmailMessage>(m.Body).Subscriber);
            }

            return Task.CompletedTask;
        });
        Assert.Equal(emails.Select(e => SubscriberKeys.For(TestSettings.Hasher, e)).Order(), queued.Order());
        Assert.Equal(35, (await PublicationAsync(app)).FanOutEnqueued);
    }

    [Fact]
    public async Task Sends_are_spread_at_the_configured_rate_and_a_throttled_send_goes_back_with_the_providers_delay()
    {
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new EmailThrottledException(TimeSpan.FromMinutes(5)));
        var clock = new FakeTimeProvider(MondaySevenUtc.AddHours(1));
        await using var app = await AppServices.CreateAsync(
            emulators,
            s =>
            {
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                s.Replace(ServiceDescriptor.Singleton(sender.Object));
            },
            settings =>
            {
                settings["WellbeingTips:SendsPerMinute"] = "30";
                settings["WellbeingTips:SendsPerHour"] = "0"; // one every 2 s
            });
        await SeedConfirmedAsync(app, 3, $"t{Guid.NewGuid():N}.example.co.uk");
        await app.Get<ITipPublisher>().PublishAndFanOutAsync(Week, CancellationToken.None);

        // The first message is visible at once, the others 2 s and 4 s later.
        var first = (await app.TipEmailQueue().ReceiveMessagesAsync(32)).Value;
        var message = TipMessages.Read<TipEmailMessage>(Assert.Single(first).Body);
        Assert.Equal(3, (await app.TipEmailQueue().GetPropertiesAsync()).Value.ApproximateMessagesCount);
        await app.TipEmailQueue().DeleteMessageAsync(first[0].MessageId, first[0].PopReceipt);

        Assert.Equal(TipSendResult.Deferred, await app.Get<ITipSender>().SendAsync(message, CancellationToken.None));
        Assert.False((await app.Publications().GetEntityIfExistsAsync<TipSentEntity>(TipSentEntity.PartitionFor(Week.ToString()), message.Subscriber)).HasValue);
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var later = (await app.TipEmailQueue().ReceiveMessagesAsync(32)).Value;
        Assert.Equal(2, later.Length); // the two spread messages; the throttled one waits its 5 minutes
        Assert.DoesNotContain(later, m => TipMessages.Read<TipEmailMessage>(m.Body).Subscriber == message.Subscriber);
    }

    [Fact]
    public async Task Tips_rotate_in_order_and_the_archive_pages_newest_first()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var publisher = app.Get<ITipPublisher>();
        foreach (var week in new[] { 46, 47, 48 })
        {
            await publisher.EnsurePublishedAsync(new IsoWeekId(2026, week), CancellationToken.None);
        }

        var http = app.Create<PublicTipsHttp>();
        var first = await PageAsync(http, "?pageSize=2");
        Assert.Equal(["2026-W48", "2026-W47"], first.Items.Select(t => t.Week));
        Assert.Equal([3, 2], first.Items.Select(t => app.Get<ITipLibrary>().Tips.Single(tip => tip.Id == t.Id).Order));
        Assert.NotNull(first.ContinuationToken);

        var second = await PageAsync(http, "?pageSize=2&continuationToken=" + Uri.EscapeDataString(first.ContinuationToken!));
        Assert.Equal(["2026-W46"], second.Items.Select(t => t.Week));
        Assert.Equal(app.Get<ITipLibrary>().Tips[0].Id, second.Items[0].Id);
        Assert.Null(second.ContinuationToken);
    }

    private static async Task<TipPageResponse> PageAsync(PublicTipsHttp http, string query)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);
        return Assert.IsType<TipPageResponse>(Assert.IsType<OkObjectResult>(await http.ListTips(request, CancellationToken.None)).Value);
    }

    private static async Task<TipPublicationEntity> PublicationAsync(AppServices app) =>
        (await app.Publications().GetEntityAsync<TipPublicationEntity>(TipPublicationEntity.Partition, TipPublicationEntity.RowKeyFor(Week))).Value;

    private async Task<IReadOnlyList<MaildevEmail>> ReceivedAsync(string domain) =>
        (await emulators.Maildev.AllAsync()).Where(e => e.To.Any(t => t.Address.EndsWith(domain, StringComparison.Ordinal))).ToList();
}
