using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.Tests.WellbeingTips;

public sealed class TipRotationTests
{
    private static Tip T(int order, string? id = null) => new()
    {
        Id = id ?? $"tip-{order}",
        Order = order,
        Title = "T",
        Theme = TipThemes.ServeAndReturn,
        BabyAgeFromWeeks = 0,
        BabyAgeToWeeks = 104,
        TryThisWeek = "Try",
        Signposting = false,
        Paragraphs = ["P"],
    };

    [Fact]
    public void Tips_go_out_in_order_with_no_repeat_until_all_are_used_then_start_again()
    {
        var tips = new[] { T(1), T(2), T(3) };
        var cycle = 1;
        var used = new HashSet<string>();
        var published = new List<(string, int)>();

        for (var week = 0; week < 7; week++)
        {
            var (tip, nextCycle) = TipRotation.Next(tips, cycle, used);
            if (nextCycle != cycle)
            {
                used.Clear();
                cycle = nextCycle;
            }

            used.Add(tip.Id);
            published.Add((tip.Id, cycle));
        }

        Assert.Equal(
            [("tip-1", 1), ("tip-2", 1), ("tip-3", 1), ("tip-1", 2), ("tip-2", 2), ("tip-3", 2), ("tip-1", 3)],
            published);
    }

    [Fact]
    public void A_tip_added_mid_cycle_joins_it_and_a_reordered_one_is_not_repeated()
    {
        // tip-3 went out this cycle already; the owner then moved it to the front and added tip-9 at order 2.
        var tips = new[] { T(1, "tip-3"), T(2, "tip-9"), T(3, "tip-1"), T(4, "tip-2") };

        var (tip, cycle) = TipRotation.Next(tips, 4, new HashSet<string> { "tip-1", "tip-3" });

        Assert.Equal(("tip-9", 4), (tip.Id, cycle));
    }

    [Fact]
    public void Removed_tips_used_this_cycle_do_not_block_the_rest()
    {
        var (tip, cycle) = TipRotation.Next([T(1), T(2)], 2, new HashSet<string> { "gone", "tip-1" });

        Assert.Equal(("tip-2", 2), (tip.Id, cycle));
    }
}
