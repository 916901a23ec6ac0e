using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Tips;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

namespace HappyBabyHive.IntegrationTests.WellbeingTips;

/// <summary>The owner's "publish now", through the admin API's function, the real queues, Azurite and maildev.</summary>
[Collection(UsesEmulators.Name)]
public sealed class PublishTipNowTests(EmulatorFixture emulators)
{
    [Fact]
    public async Task Publishing_now_twice_before_the_monday_timer_sends_each_subscriber_one_email()
    {
        // Monday of week 48 at 07:00 UK time: the owner sends it an hour before the timer would.
        var clock = new FakeTimeProvider(MondaySevenUtc);
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var domain = $"t{Guid.NewGuid():N}.example.co.uk";
        var confirmed = await SeedConfirmedAsync(app, 3, domain);
        var api = app.Create<ManageTipsHttp>();
        var functions = app.Create<WellbeingTipQueue>();

        var first = await api.PublishTipNow(Get("https://x.test/"), CancellationToken.None);
        var second = await api.PublishTipNow(Get("https://x.test/"), CancellationToken.None);

        var published = Assert.IsType<PublishedTipResponse>(Assert.IsType<AcceptedResult>(first).Value);
        Assert.Equal("2026-W48", published.Week);
        var refused = Assert.IsAssignableFrom<ObjectResult>(second);
        Assert.Equal((409, "urn:happybabyhive:problem:tip-already-published"), (refused.StatusCode, Assert.IsType<ProblemDetails>(refused.Value).Type));

        // "Publish now" asks for its fan-out a few seconds ahead (real seconds: the queue's visibility delay).
        await Task.Delay(TipPublisher.PublishNowFanOutDelay + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DrainAsync(app.FanOutQueue(), m => functions.FanOutWeeklyTip(m, CancellationToken.None), receivers: 2, parallelism: 1));
        clock.Advance(TimeSpan.FromHours(1)); // 08:00 UK: the Monday timer fires as usual and finds the week done
        await app.Create<WellbeingTipTimer>().PublishWeeklyTip(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        Assert.Equal(1, await DrainAsync(app.FanOutQueue(), m => functions.FanOutWeeklyTip(m, CancellationToken.None), receivers: 2, parallelism: 1));
        Assert.Equal(3, await DrainAsync(app.TipEmailQueue(), m => functions.SendWeeklyTip(m, CancellationToken.None)));

        var publication = Assert.Single(await app.Publications().QueryAsync<TipPublicationEntity>(p => p.PartitionKey == TipPublicationEntity.Partition).ToListAsync());
        Assert.Equal(published.TipId, publication.TipId);
        foreach (var email in confirmed)
        {
            var received = Assert.Single(await emulators.Maildev.WaitForAsync(email));
            Assert.Equal($"This week's wellbeing tip: {publication.Title}", received.Subject);
        }

        var all = await emulators.Maildev.AllAsync();
        Assert.Equal(3, all.Count(e => e.To.Any(t => t.Address.EndsWith(domain, StringComparison.Ordinal))));
    }
}
