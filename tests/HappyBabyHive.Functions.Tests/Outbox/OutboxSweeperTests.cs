using HappyBabyHive.Outbox;
using HappyBabyHive.Telemetry;
using HappyBabyHive.Tests.Functions;
using HappyBabyHive.TestSupport.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Outbox;

/// <summary>
/// The sweep's timing and limits, on in-memory outbox rows: when an owed email is re-enqueued, how it backs off, when it
/// is flagged for a person, and which poison messages it clears. (IntegrationTests/Outbox covers the same on Azurite.)
/// </summary>
public sealed class OutboxSweeperTests
{
    private static readonly OutboxMessage Confirmation = new("Bookings", "massage-x", "outbox|K7M3-Q9XP|booking-confirmed");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOutboxSweepStore rows = new();
    private readonly InMemoryEmailPoisonQueues poison = new();
    private readonly RecordingEmailEnqueuer queue = new();
    private readonly CollectingLogger log = new();

    private OutboxSweeper Sweeper(OutboxOptions? options = null) =>
        new(rows, poison, queue, Options.Create(options ?? new OutboxOptions()), clock, log);

    [Fact]
    public async Task An_owed_email_is_left_alone_until_it_is_two_minutes_old_whatever_grace_its_writer_gave()
    {
        rows.Owe(Confirmation, clock.GetUtcNow(), grace: TimeSpan.FromMinutes(10));

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await Sweeper().SweepAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Sweeper().SweepAsync(CancellationToken.None));
        Assert.Equal(Confirmation, Assert.Single(queue.Sent).Message);
    }

    [Fact]
    public async Task Each_sweep_doubles_the_wait_before_the_next_from_five_minutes()
    {
        rows.Owe(Confirmation, clock.GetUtcNow(), grace: TimeSpan.FromMinutes(2));
        clock.Advance(TimeSpan.FromMinutes(2));
        var swept = new List<DateTimeOffset>();
        var sweeper = Sweeper();

        // Sweep every minute for an hour, as the timer does.
        for (var minute = 0; minute < 60; minute++)
        {
            if (await sweeper.SweepAsync(CancellationToken.None) > 0)
            {
                swept.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var start = new DateTimeOffset(2027, 3, 1, 9, 2, 0, TimeSpan.Zero);
        Assert.Equal([start, start.AddMinutes(5), start.AddMinutes(15), start.AddMinutes(35)], swept);
        Assert.Equal(4, rows.Rows[Confirmation].SweepCount);
    }

    [Fact]
    public async Task After_the_last_sweep_the_email_is_stuck_and_the_alert_names_the_row_only()
    {
        rows.Owe(Confirmation, clock.GetUtcNow(), grace: TimeSpan.FromMinutes(2));
        var options = new OutboxOptions { MaxSweeps = 2, SweepBackoff = TimeSpan.FromMinutes(1) };

        for (var sweep = 0; sweep < 3; sweep++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await Sweeper(options).SweepAsync(CancellationToken.None);
        }

        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(OutboxStatus.Stuck, rows.Rows[Confirmation].Status);
        var alert = Assert.Single(log.Entries, e => e.EventId.Id == AlertEvents.EmailNeedsAPersonId);
        Assert.Equal(LogLevel.Error, alert.Level);
        Assert.Equal($"Email {Confirmation} is still unsent after 2 sweeps and needs a person to look at it", alert.Message);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Sweeper(options).SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_still_running_is_not_swept_but_a_lapsed_one_is()
    {
        rows.Owe(Confirmation, clock.GetUtcNow(), grace: TimeSpan.FromMinutes(2));
        clock.Advance(TimeSpan.FromMinutes(3));
        rows.Change(Confirmation, r => r with { Status = OutboxStatus.Sending, ClaimedUntilUtc = clock.GetUtcNow().AddMinutes(1) });

        Assert.Equal(0, await Sweeper().SweepAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Sweeper().SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_row_that_changed_since_it_was_read_is_left_to_the_next_sweep()
    {
        rows.Owe(Confirmation, clock.GetUtcNow(), grace: TimeSpan.FromMinutes(2));
        clock.Advance(TimeSpan.FromMinutes(3));
        var racing = new RacingStore(rows, () => rows.Change(Confirmation, r => r with { Status = OutboxStatus.Sent }));

        var enqueued = await new OutboxSweeper(racing, poison, queue, Options.Create(new OutboxOptions()), clock, log).SweepAsync(CancellationToken.None);

        Assert.Equal(0, enqueued);
        Assert.Empty(queue.Sent);
        Assert.Equal(OutboxStatus.Sent, rows.Rows[Confirmation].Status);
    }

    [Fact]
    public async Task Poison_messages_whose_email_is_done_are_cleared_and_the_rest_stay_for_a_person()
    {
        var sent = new OutboxMessage("Bookings", "massage-x", "outbox|SENT-0001|booking-confirmed");
        rows.Owe(sent, clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        rows.Change(sent, r => r with { Status = OutboxStatus.Sent });
        rows.Owe(Confirmation, clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        var done = poison.Add(sent);
        var gone = poison.Add(new OutboxMessage("Bookings", "massage-x", "outbox|GONE-0001|booking-confirmed"));
        var owed = poison.Add(Confirmation);
        var unreadable = poison.Add(null);

        await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal([owed, unreadable], poison.Remaining);
        Assert.Equal(2, log.Entries.Count(e => e.Message.StartsWith("Cleared poison message", StringComparison.Ordinal)));
        Assert.DoesNotContain(done, poison.Remaining);
        Assert.DoesNotContain(gone, poison.Remaining);
    }

    /// <summary>Runs <paramref name="meanwhile"/> after the sweep has read the due rows and before it records its sweep.</summary>
    private sealed class RacingStore(IOutboxSweepStore inner, Action meanwhile) : IOutboxSweepStore
    {
        public IAsyncEnumerable<SweepCandidate> FindDueAsync(DateTimeOffset now, DateTimeOffset neverSweptWrittenBy, CancellationToken cancellationToken) =>
            inner.FindDueAsync(now, neverSweptWrittenBy, cancellationToken);

        public Task<bool> RecordSweepAsync(SweepCandidate candidate, int sweepCount, DateTimeOffset nextSweepUtc, bool stuck, CancellationToken cancellationToken)
        {
            meanwhile();
            return inner.RecordSweepAsync(candidate, sweepCount, nextSweepUtc, stuck, cancellationToken);
        }

        public Task<bool> IsFinishedAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.IsFinishedAsync(message, cancellationToken);
    }
}
