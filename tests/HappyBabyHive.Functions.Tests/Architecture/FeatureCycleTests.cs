using Xunit.Abstractions;

namespace HappyBabyHive.Tests.Architecture;

/// <summary>
/// Feature folders (the first namespace segment under HappyBabyHive) must form a graph without cycles, so any one of
/// them can be read, tested and changed with only the folders below it in mind.
/// </summary>
public sealed class FeatureCycleTests(ITestOutputHelper output)
{
    [Fact]
    public void Feature_namespaces_have_no_cycles()
    {
        var edges = AppDependencies.App.FeatureEdges();
        var graph = edges.Keys
            .GroupBy(e => e.From, e => e.To)
            .ToDictionary(g => g.Key, g => g.ToHashSet());

        var cycles = FeatureGraph.StronglyConnected(graph).Where(c => c.Count > 1).ToList();

        var message = string.Join(Environment.NewLine + Environment.NewLine, cycles.Select(c => Describe(c, edges)));
        Assert.True(cycles.Count == 0, "Feature folders depend on each other in a cycle:" + Environment.NewLine + message);
    }

    [Fact]
    public void Print_the_feature_graph()
    {
        // Not a rule: the graph as it is, in the test output (dotnet test --logger "console;verbosity=detailed").
        foreach (var ((from, to), why) in AppDependencies.App.FeatureEdges().OrderBy(e => e.Key.From).ThenBy(e => e.Key.To))
        {
            output.WriteLine($"{from} -> {to}    ({why.Count} references, e.g. {why[0]})");
        }
    }

    private static string Describe(IReadOnlyCollection<string> cycle, IReadOnlyDictionary<(string From, string To), IReadOnlyList<string>> edges)
    {
        var inCycle = edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
            .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal);
        return $"[{string.Join(", ", cycle.Order(StringComparer.Ordinal))}]" + Environment.NewLine + string.Join(Environment.NewLine,
            inCycle.Select(e => $"  {e.Key.From} → {e.Key.To}: {string.Join("; ", e.Value.Take(3))}{(e.Value.Count > 3 ? $" (+{e.Value.Count - 3} more)" : "")}"));
    }
}
