using HappyBabyHive.TestSupport.Fakes;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>
/// Publishing once per week and the fan-out's lease and checkpoint, on in-memory stores and queues
/// (IntegrationTests/WellbeingTips/WeeklyTipTests runs a thousand subscribers on Azurite).
/// </summary>
public sealed class TipPublisherTests
{
    private static readonly IsoWeekId Week = new(2026, 48);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTipPublications publications = new();
    private readonly InMemorySubscriberStore subscribers = new();
    private readonly RecordingTipQueues queues = new();

    private TipPublisher Publisher(int pageSize = 2)
    {
        var library = new Mock<ITipLibrary>();
        library.SetupGet(l => l.Tips).Returns([Tip("first", 1), Tip("second", 2)]);
        var options = new WellbeingTipsOptions { FanOutPageSize = pageSize, SendsPerMinute = 0, SendsPerHour = 0 };
        return new TipPublisher(publications, subscribers, queues, library.Object, Options.Create(options), clock, NullLogger<TipPublisher>.Instance);
    }

    [Fact]
    public async Task A_week_is_published_once_and_the_next_week_takes_the_next_tip()
    {
        var first = await Publisher().EnsurePublishedAsync(Week, CancellationToken.None);
        var again = await Publisher().EnsurePublishedAsync(Week, CancellationToken.None);
        var next = await Publisher().EnsurePublishedAsync(new IsoWeekId(2026, 49), CancellationToken.None);

        Assert.Equal(("first", "first", "second"), (first.Tip.TipId, again.Tip.TipId, next.Tip.TipId));
        Assert.Equal(2, publications.Weeks.Count);
    }

    [Fact]
    public async Task The_fan_out_queues_one_message_per_confirmed_subscriber_and_records_its_checkpoint()
    {
        var keys = Seed(5);
        subscribers.Put(new Subscriber { Key = SubscriberKeys.For(TestSettings.Hasher, "pending@example.co.uk"), Email = "pending@example.co.uk", Status = SubscriberStatus.Pending });

        Assert.Equal(FanOutResult.Completed, await Publisher().PublishAndFanOutAsync(Week, CancellationToken.None));
        Assert.Equal(FanOutResult.AlreadyDone, await Publisher().PublishAndFanOutAsync(Week, CancellationToken.None));

        Assert.Equal(keys, queues.Emails.Select(e => e.Message.Subscriber).Order(StringComparer.Ordinal));
        var progress = publications.Weeks[Week].FanOut;
        Assert.Equal((5, keys[^1], (DateTimeOffset?)null), (progress.Enqueued, progress.Checkpoint, progress.LeaseUntilUtc));
        Assert.NotNull(progress.CompletedUtc);
    }

    [Fact]
    public async Task A_fan_out_held_by_another_delivery_comes_back_when_its_lease_would_have_run_out()
    {
        Seed(3);
        var week = await Publisher().EnsurePublishedAsync(Week, CancellationToken.None);
        await publications.TrySaveFanOutAsync(week, week.FanOut with { LeaseUntilUtc = clock.GetUtcNow().AddSeconds(40) }, CancellationToken.None);

        Assert.Equal(FanOutResult.Busy, await Publisher().PublishAndFanOutAsync(Week, CancellationToken.None));

        Assert.Empty(queues.Emails);
        var (message, delay) = Assert.Single(queues.FanOut);
        Assert.Equal((Week.ToString(), TimeSpan.FromSeconds(41)), (message.Week, delay));
    }

    [Fact]
    public async Task A_fan_out_whose_lease_lapsed_resumes_after_its_checkpoint()
    {
        var keys = Seed(5);
        var week = await Publisher().EnsurePublishedAsync(Week, CancellationToken.None);
        await publications.TrySaveFanOutAsync(
            week,
            new FanOutProgress(StartedUtc: clock.GetUtcNow(), Checkpoint: keys[1], Enqueued: 2, LeaseUntilUtc: clock.GetUtcNow().AddMinutes(1)),
            CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(FanOutResult.Completed, await Publisher().PublishAndFanOutAsync(Week, CancellationToken.None));

        Assert.Equal(keys[2..], queues.Emails.Select(e => e.Message.Subscriber).Order(StringComparer.Ordinal));
        Assert.Equal(5, publications.Weeks[Week].FanOut.Enqueued);
    }

    private List<string> Seed(int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"parent{i}@example.co.uk";
            keys.Add(subscribers.Put(new Subscriber { Key = SubscriberKeys.For(TestSettings.Hasher, email), Email = email, Status = SubscriberStatus.Confirmed }).Key);
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    private static Tip Tip(string id, int order) => new()
    {
        Id = id,
        Order = order,
        Title = id,
        Theme = TipThemes.ServeAndReturn,
        BabyAgeFromWeeks = 0,
        BabyAgeToWeeks = 104,
        TryThisWeek = "Copy a sound back.",
        Signposting = false,
        Paragraphs = ["One paragraph."],
    };
}
