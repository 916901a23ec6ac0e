namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// Which tip goes out next: the first tip, in the owner's order, not yet used in the current cycle. When every tip has
/// been used, a new cycle starts from the top. Tips the owner adds mid-cycle join it; removed tips simply drop out.
/// </summary>
public static class TipRotation
{
    public static (Tip Tip, int Cycle) Next(IReadOnlyList<Tip> tipsInOrder, int currentCycle, IReadOnlySet<string> usedThisCycle)
    {
        if (tipsInOrder.Count == 0)
        {
            throw new InvalidOperationException("There are no tips to publish.");
        }

        var unused = tipsInOrder.OrderBy(t => t.Order).FirstOrDefault(t => !usedThisCycle.Contains(t.Id));
        return unused is not null
            ? (unused, Math.Max(1, currentCycle))
            : (tipsInOrder.OrderBy(t => t.Order).First(), Math.Max(1, currentCycle) + 1);
    }
}
