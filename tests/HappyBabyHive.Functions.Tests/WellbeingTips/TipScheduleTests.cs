using Cronos;
using HappyBabyHive.Time;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>
/// The timer fires at 07:00 and 08:00 UTC on Mondays; exactly one of them is 08:00 in the UK. The clock changes on the
/// last Sundays of March and October, so the Mondays either side of each change are the ones that matter.
/// </summary>
public sealed class TipScheduleTests
{
    public static TheoryData<string, int, int> MondaysAroundClockChanges => new()
    {
        // UK date, UTC hour that publishes, UTC hour that skips
        { "2026-03-23", 8, 7 }, // last Monday of GMT before the spring change (29 March)
        { "2026-03-30", 7, 8 }, // first Monday of BST
        { "2026-10-19", 7, 8 }, // last Monday of BST before the autumn change (25 October)
        { "2026-10-26", 8, 7 }, // first Monday of GMT
        { "2027-03-22", 8, 7 },
        { "2027-03-29", 7, 8 },
    };

    [Theory]
    [MemberData(nameof(MondaysAroundClockChanges))]
    public void Exactly_the_firing_that_is_0800_in_the_UK_publishes(string monday, int publishingHour, int skippingHour)
    {
        var date = DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(new DateTimeOffset(date.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
        var decisions = new Dictionary<int, PublishDecision>();

        for (var firing = 0; firing < 2; firing++, clock.Advance(TimeSpan.FromHours(1)))
        {
            decisions[clock.GetUtcNow().Hour] = TipSchedule.Decide(clock.GetUtcNow(), isPastDue: false);
            if (decisions[clock.GetUtcNow().Hour] == PublishDecision.Publish)
            {
                Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(UkTime.ToUk(clock.GetUtcNow()).DateTime));
                Assert.Equal(IsoWeekId.Of(date), TipSchedule.WeekOf(clock.GetUtcNow()));
            }
        }

        Assert.Equal(PublishDecision.Publish, decisions[publishingHour]);
        Assert.Equal(PublishDecision.Skip, decisions[skippingHour]);
    }

    [Fact]
    public void Over_three_years_every_Monday_publishes_once_at_0800_UK_time()
    {
        var cron = CronExpression.Parse(TipSchedule.Cron, CronFormat.IncludeSeconds);
        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var publishing = cron.GetOccurrences(from, to)
            .Where(firing => TipSchedule.Decide(new DateTimeOffset(firing), isPastDue: false) == PublishDecision.Publish)
            .Select(firing => UkTime.ToUk(new DateTimeOffset(firing)))
            .ToList();

        Assert.Equal(156, publishing.Count); // every Monday from 5 January 2026 to 25 December 2028: 52 a year
        Assert.All(publishing, uk => Assert.Equal((DayOfWeek.Monday, 8, 0), (uk.DayOfWeek, uk.Hour, uk.Minute)));
        Assert.Equal(publishing.Count, publishing.Select(uk => TipSchedule.WeekOf(uk)).Distinct().Count());
    }

    [Fact]
    public void A_late_firing_publishes_only_when_the_runtime_says_it_is_past_due()
    {
        var summerNine = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero); // 09:00 BST, the ordinary second firing

        Assert.Equal(PublishDecision.Skip, TipSchedule.Decide(summerNine, isPastDue: false));
        Assert.Equal(PublishDecision.PublishLate, TipSchedule.Decide(summerNine, isPastDue: true));
        Assert.Equal(PublishDecision.Skip, TipSchedule.Decide(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero), isPastDue: true)); // 07:00 GMT: too early
        Assert.Equal(PublishDecision.Skip, TipSchedule.Decide(new DateTimeOffset(2026, 6, 2, 7, 0, 0, TimeSpan.Zero), isPastDue: true)); // a Tuesday
    }

    [Fact]
    public void Iso_weeks_sort_newest_first_across_years()
    {
        var weeks = new[] { new IsoWeekId(2026, 52), new IsoWeekId(2027, 1), new IsoWeekId(2026, 2), new IsoWeekId(2027, 10) };

        var byKey = weeks.OrderBy(HappyBabyHive.Storage.Tips.TipPublicationEntity.RowKeyFor, StringComparer.Ordinal).Select(w => w.ToString());

        Assert.Equal(["2027-W10", "2027-W01", "2026-W52", "2026-W02"], byKey);
        Assert.True(IsoWeekId.TryParse("2026-W53", out var w53)); // 2026 has 53 ISO weeks
        Assert.Equal(new DateOnly(2026, 12, 28), w53.Monday);
        Assert.False(IsoWeekId.TryParse("2027-W53", out _));
        Assert.False(IsoWeekId.TryParse("2026-w1", out _));
    }

    [Theory]
    [InlineData(30, 100, 36)]
    [InlineData(30, 0, 2)]
    [InlineData(5, 10, 360)]
    [InlineData(0, 0, 0)]
    public void Sends_are_spaced_to_keep_within_both_allowances(int perMinute, int perHour, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new WellbeingTipsOptions { SendsPerMinute = perMinute, SendsPerHour = perHour }.SendInterval);
    }
}
