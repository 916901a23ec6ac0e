using System.Text.Json;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Outbox;
using HappyBabyHive.WellbeingTips;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static HappyBabyHive.IntegrationTests.WellbeingTips.TipsTestSupport;

namespace HappyBabyHive.IntegrationTests.Faults;

/// <summary>
/// Timers fire twice (two instances, a restart), late (IsPastDue after downtime) or overlap a run still going: the
/// outbox sweep, the note purge and the weekly tip never do their work twice. Each guards its writes with the row's
/// ETag or a per-week marker, so the runs race on storage, not on timing.
/// </summary>
public sealed class OverlappingTimerTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Overlapping_and_late_outbox_sweeps_enqueue_each_owed_email_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(emulators, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            SwitchableEnqueuer.ReplaceIn(services);
        });
        var course = SampleCourses.Upcoming(capacity: 30, freePlaces: 0);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);

        // Six bookings whose queue messages were lost (the process died between storing and enqueueing).
        app.Get<SwitchableEnqueuer>().Broken = true;
        var requests = Enumerable.Range(0, 6).Select(_ => TestBookings.For(course)).ToList();
        foreach (var request in requests)
        {
            Assert.IsType<BookingOutcome.Created>(await app.Get<IBookingService>().BookAsync(request, null, CancellationToken.None));
        }

        app.Get<SwitchableEnqueuer>().Broken = false;

        clock.Advance(TimeSpan.FromMinutes(3)); // past Outbox:FirstSweepAfter
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new OutboxSweepTimer(app.Get<IOutboxSweeper>()).SweepOutbox(new TimerInfo { IsPastDue = true }, CancellationToken.None))));
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Get<IOutboxSweeper>().SweepAsync(CancellationToken.None); // a late one, before the back-off is over

        var messages = new List<OutboxMessage>();
        while ((await app.EmailQueue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            messages.AddRange(batch.Select(m => JsonSerializer.Deserialize<OutboxMessage>(m.Body, OutboxMessage.Json)!));
        }

        Assert.Equal(requests.Count, messages.Count);
        Assert.Equal(requests.Count, messages.Distinct().Count());
        foreach (var message in messages)
        {
            Assert.Equal(OutboxResult.Sent, await app.Get<IOutboxProcessor>().ProcessAsync(message, 1, CancellationToken.None));
        }

        foreach (var request in requests)
        {
            Assert.Single(await emulators.Maildev.WaitForAsync(request.Email!));
        }
    }

    [Fact]
    public async Task Overlapping_note_purges_each_clear_a_note_once_and_all_finish()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AppServices.CreateAsync(
            emulators,
            s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            settings: s => s["FreePlaces:NoteRetentionDays"] = "30");
        var course = SampleCourses.Upcoming(capacity: 20, freePlaces: 10);
        await app.Get<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var decisions = app.Get<IFreePlaceDecisionService>();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await TestFreePlaces.SubmitAsync(app, TestFreePlaces.For(course));
            await decisions.DeclineAsync(id, "Sorry", DecisionRoute.Api, CancellationToken.None);
            ids.Add(id);
        }

        clock.Advance(TimeSpan.FromDays(31));
        var purged = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => app.Get<IFreePlaceNotePurger>().PurgeAsync(CancellationToken.None))));

        // Each note is cleared by exactly one run (the ETag makes the others stand back); a late run finds nothing.
        Assert.Equal(ids.Count, purged.Sum());
        Assert.Equal(0, await app.Get<IFreePlaceNotePurger>().PurgeAsync(CancellationToken.None));
        foreach (var id in ids)
        {
            Assert.Null((await app.Get<IFreePlaceRequestStore>().FindAsync(id, CancellationToken.None))!.Note);
        }
    }

    [Fact]
    public async Task The_weekly_tip_timer_overlapping_itself_sends_each_subscriber_one_email()
    {
        var clock = new FakeTimeProvider(MondaySevenUtc.AddHours(1));
        await using var app = await AppServices.CreateAsync(emulators, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)), NoRateLimit);
        var domain = $"t{Guid.NewGuid():N}.example.co.uk";
        var confirmed = await SeedConfirmedAsync(app, 4, domain);
        var timer = app.Create<WellbeingTipTimer>();
        var functions = app.Create<WellbeingTipQueue>();

        // Three runs at once (on time, past due after a restart, and a second instance), then the fan-outs race too.
        await Task.WhenAll(
            Task.Run(() => timer.PublishWeeklyTip(new TimerInfo(), CancellationToken.None)),
            Task.Run(() => timer.PublishWeeklyTip(new TimerInfo { IsPastDue = true }, CancellationToken.None)),
            Task.Run(() => app.Create<WellbeingTipTimer>().PublishWeeklyTip(new TimerInfo(), CancellationToken.None)));
        await DrainAsync(app.FanOutQueue(), m => functions.FanOutWeeklyTip(m, CancellationToken.None), receivers: 3, parallelism: 3);
        await DrainAsync(app.TipEmailQueue(), m => functions.SendWeeklyTip(m, CancellationToken.None));

        foreach (var email in confirmed)
        {
            Assert.Single(await emulators.Maildev.WaitForAsync(email));
        }

        await Task.Delay(300);
        var all = await emulators.Maildev.AllAsync();
        Assert.Equal(confirmed.Count, all.Count(e => e.To.Any(t => t.Address.EndsWith(domain, StringComparison.Ordinal))));
    }
}
