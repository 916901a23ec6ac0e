using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HappyBabyHive.WellbeingTips;

public interface ITipLibrary
{
    /// <summary>Every tip, in rotation order (by <see cref="Tip.Order"/>).</summary>
    IReadOnlyList<Tip> Tips { get; }
}

/// <summary>
/// The tips the owner keeps in Content/Tips: one markdown file each, YAML front matter then plain paragraphs. Only
/// files named like "07-some-name.md" are tips (so the owner's README is never read as one). Everything is checked
/// when first loaded, and a mistake names the file and the field, because the owner edits these by hand.
/// </summary>
public sealed partial class TipLibrary(IOptions<WellbeingTipsOptions> options) : ITipLibrary
{
    private readonly Lazy<IReadOnlyList<Tip>> tips = new(() => Load(ContentDirectory(options.Value)));

    public IReadOnlyList<Tip> Tips => tips.Value;

    public static string ContentDirectory(WellbeingTipsOptions options) =>
        Path.IsPathRooted(options.ContentDirectory)
            ? options.ContentDirectory
            : Path.Combine(AppContext.BaseDirectory, options.ContentDirectory);

    public static IReadOnlyList<Tip> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TipContentException($"The tips folder '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*.md")
            .Where(f => TipFileName().IsMatch(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new TipContentException($"The tips folder '{directory}' has no tip files (named like 01-some-name.md).");
        }

        var loaded = files.Select(f => Parse(Path.GetFileName(f), File.ReadAllText(f))).ToList();
        CheckTogether(loaded);
        return loaded.OrderBy(t => t.Order).ToList();
    }

    public static Tip Parse(string fileName, string text)
    {
        var (yaml, body) = Split(fileName, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        FrontMatter front;
        try
        {
            front = Yaml.Deserialize<FrontMatter?>(yaml) ?? throw new TipContentException($"{fileName}: the details between the '---' lines are empty.");
        }
        catch (YamlException e)
        {
            // YamlDotNet names the line and the problem (an unknown field, a colon outside quotes, a word where a number goes).
            throw new TipContentException($"{fileName}: the details at the top could not be read ({e.Start}): {(e.InnerException ?? e).Message}");
        }

        string Text(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new TipContentException($"{fileName}: '{field}' is missing or empty.") : value.Trim();
        T Required<T>(T? value, string field)
            where T : struct => value ?? throw new TipContentException($"{fileName}: '{field}' is missing.");

        var tip = new Tip
        {
            Id = Text(front.Id, "id"),
            Order = Required(front.Order, "order"),
            Title = Text(front.Title, "title"),
            Theme = Text(front.Theme, "theme"),
            BabyAgeFromWeeks = Required(front.BabyAgeFromWeeks, "babyAgeFromWeeks"),
            BabyAgeToWeeks = Required(front.BabyAgeToWeeks, "babyAgeToWeeks"),
            TryThisWeek = Text(front.TryThisWeek, "tryThisWeek"),
            Signposting = Required(front.Signposting, "signposting"),
            Paragraphs = TipText.Paragraphs(body),
        };

        if (!TipId().IsMatch(tip.Id))
        {
            throw new TipContentException($"{fileName}: 'id' must be lowercase words joined by hyphens, e.g. rainy-day-games.");
        }

        if (!TipThemes.All.Contains(tip.Theme))
        {
            throw new TipContentException($"{fileName}: 'theme' is '{tip.Theme}' but must be one of: {string.Join(", ", TipThemes.All)}.");
        }

        var fileNumber = int.Parse(TipFileName().Match(fileName).Groups["order"].Value, CultureInfo.InvariantCulture);
        if (tip.Order != fileNumber)
        {
            throw new TipContentException($"{fileName}: 'order' is {tip.Order} but the file name starts with {fileNumber}; they must match.");
        }

        if (tip.BabyAgeFromWeeks < 0 || tip.BabyAgeToWeeks > 260 || tip.BabyAgeFromWeeks > tip.BabyAgeToWeeks)
        {
            throw new TipContentException($"{fileName}: the baby age range {tip.BabyAgeFromWeeks} to {tip.BabyAgeToWeeks} weeks is not possible.");
        }

        if (tip.Paragraphs.Count == 0)
        {
            throw new TipContentException($"{fileName}: the tip itself (under the second '---' line) is empty.");
        }

        return tip;
    }

    private static void CheckTogether(List<Tip> tips)
    {
        if (tips.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1) is { } sameId)
        {
            throw new TipContentException($"Two tips have the id '{sameId.Key}'; every tip needs its own id.");
        }

        if (tips.GroupBy(t => t.Order).FirstOrDefault(g => g.Count() > 1) is { } sameOrder)
        {
            throw new TipContentException($"Two tips have order {sameOrder.Key}; every tip needs its own place in the rotation.");
        }

        var orders = tips.Select(t => t.Order).Order().ToList();
        var expected = Enumerable.Range(1, tips.Count).ToList();
        if (!orders.SequenceEqual(expected))
        {
            var gap = expected.Except(orders).First();
            throw new TipContentException($"The tip order numbers must run 1, 2, 3 ... with no gaps; {gap} is missing.");
        }
    }

    private static (string Yaml, string Body) Split(string fileName, string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new TipContentException($"{fileName}: the file must start with a line of three hyphens (---).");
        }

        var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new TipContentException($"{fileName}: the details at the top must end with a line of three hyphens (---).");
        }

        return (text[4..(end + 1)], text[(end + 5)..]);
    }

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    [GeneratedRegex(@"^(?<order>\d{2,})-[a-z0-9]+(-[a-z0-9]+)*\.md$", RegexOptions.CultureInvariant)]
    private static partial Regex TipFileName();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TipId();

    // YamlDotNet fills this by reflection; nullable so a missing field is told apart from a zero or false.
    private sealed class FrontMatter
    {
        public string? Id { get; set; }
        public int? Order { get; set; }
        public string? Title { get; set; }
        public string? Theme { get; set; }
        public int? BabyAgeFromWeeks { get; set; }
        public int? BabyAgeToWeeks { get; set; }
        public string? TryThisWeek { get; set; }
        public bool? Signposting { get; set; }
    }
}

/// <summary>A tip file the owner edited has a mistake; the message names the file and what to fix.</summary>
public sealed class TipContentException(string message) : Exception(message);
