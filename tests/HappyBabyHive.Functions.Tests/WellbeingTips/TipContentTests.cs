using System.Text.RegularExpressions;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.Tests.WellbeingTips;

/// <summary>The owner's tip files, as the build copies them beside the app: every one must parse and be complete.</summary>
public sealed partial class TipContentTests
{
    private static readonly string ContentDirectory = Path.Combine(AppContext.BaseDirectory, "Content", "Tips");
    private static readonly string SourceDirectory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "functions", "HappyBabyHive.Functions", "Content", "Tips"));

    private static IReadOnlyList<Tip> Tips => TipLibrary.Load(ContentDirectory);

    [Fact]
    public void Every_tip_file_parses_with_every_field_filled_in()
    {
        var files = Directory.GetFiles(SourceDirectory, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.Ordinal)).ToList();

        Assert.True(Tips.Count >= 26, $"The issue asks for at least 26 tips; found {Tips.Count}.");
        Assert.Equal(files.Count, Tips.Count);
        Assert.All(Tips, tip =>
        {
            Assert.False(string.IsNullOrWhiteSpace(tip.Id));
            Assert.False(string.IsNullOrWhiteSpace(tip.Title));
            Assert.False(string.IsNullOrWhiteSpace(tip.TryThisWeek));
            Assert.Contains(tip.Theme, TipThemes.All);
            Assert.InRange(tip.BabyAgeFromWeeks, 0, tip.BabyAgeToWeeks);
            Assert.InRange(tip.Paragraphs.Count, 2, 6);
        });
    }

    [Fact]
    public void Ids_and_orders_are_unique_and_orders_run_without_gaps()
    {
        Assert.Equal(Tips.Count, Tips.Select(t => t.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, Tips.Count), Tips.Select(t => t.Order));
    }

    [Fact]
    public void The_owners_readme_is_not_a_tip_and_every_theme_is_used()
    {
        Assert.True(File.Exists(Path.Combine(SourceDirectory, "README.md")));
        Assert.DoesNotContain(Tips, t => t.Title.Contains("guide", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(TipThemes.All.Order(), Tips.Select(t => t.Theme).Distinct().Order());
    }

    [Fact]
    public void Tips_about_a_parents_mental_health_say_where_help_is_without_inventing_numbers()
    {
        var signposting = Tips.Where(t => t.Signposting).ToList();

        Assert.NotEmpty(signposting);
        Assert.All(signposting, tip =>
        {
            var text = string.Join(' ', tip.Paragraphs);
            Assert.Contains("NHS 111", text, StringComparison.Ordinal);
            Assert.Contains("Mind Hull and East Yorkshire", text, StringComparison.Ordinal);
            Assert.True(text.Contains("GP", StringComparison.Ordinal) || text.Contains("health visitor", StringComparison.Ordinal), tip.Id);
        });
        Assert.All(Tips, tip => Assert.DoesNotMatch(PhoneOrAddress(), string.Join(' ', tip.Paragraphs) + " " + tip.TryThisWeek));
    }

    [Fact]
    public void Bodies_are_plain_words_with_no_markup_links_or_headings()
    {
        Assert.All(Tips.SelectMany(t => t.Paragraphs), p =>
        {
            Assert.DoesNotContain("<", p, StringComparison.Ordinal);
            Assert.DoesNotContain("](", p, StringComparison.Ordinal);
            Assert.False(p.StartsWith('#'), p);
        });
    }

    [Theory]
    [InlineData("id: x\norder: 7\n", "'title' is missing")]
    [InlineData("id: x\norder: 7\ntitle: \"T\"\ntheme: naps\nbabyAgeFromWeeks: 0\nbabyAgeToWeeks: 4\ntryThisWeek: \"Try\"\nsignposting: false\n", "'theme' is 'naps'")]
    [InlineData("id: x\norder: 8\ntitle: \"T\"\ntheme: serve-and-return\nbabyAgeFromWeeks: 0\nbabyAgeToWeeks: 4\ntryThisWeek: \"Try\"\nsignposting: false\n", "'order' is 8 but the file name starts with 7")]
    [InlineData("id: x\norder: 7\ntitle: Baby: a guide\n", "could not be read")]
    [InlineData("id: x\norder: 7\ntitel: \"T\"\n", "could not be read")]
    [InlineData("id: x\norder: 7\ntitle: \"T\"\ntheme: serve-and-return\nbabyAgeFromWeeks: 10\nbabyAgeToWeeks: 4\ntryThisWeek: \"Try\"\nsignposting: false\n", "not possible")]
    [InlineData("id: Has Spaces\norder: 7\ntitle: \"T\"\ntheme: serve-and-return\nbabyAgeFromWeeks: 0\nbabyAgeToWeeks: 4\ntryThisWeek: \"Try\"\nsignposting: maybe\n", "could not be read")]
    public void A_mistake_in_a_tip_file_names_the_file_and_what_is_wrong(string frontMatter, string expected)
    {
        var error = Assert.Throws<TipContentException>(() => TipLibrary.Parse("07-rainy-days.md", "---\n" + frontMatter + "---\nA paragraph.\n"));

        Assert.StartsWith("07-rainy-days.md: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_line_endings_and_wrapped_lines_still_make_paragraphs()
    {
        var tip = TipLibrary.Parse("01-x.md", "---\r\nid: x\r\norder: 1\r\ntitle: \"T\"\r\ntheme: serve-and-return\r\nbabyAgeFromWeeks: 0\r\nbabyAgeToWeeks: 4\r\ntryThisWeek: \"Try: this\"\r\nsignposting: false\r\n---\r\nOne\r\nline.\r\n\r\nTwo.\r\n");

        Assert.Equal(["One line.", "Two."], tip.Paragraphs);
        Assert.Equal("Try: this", tip.TryThisWeek);
    }

    [Fact]
    public void Duplicate_ids_and_gaps_in_the_order_are_refused_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("tips-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "README.md"), "# not a tip");
            File.WriteAllText(Path.Combine(folder.FullName, "01-a.md"), TipFile("same", 1));
            File.WriteAllText(Path.Combine(folder.FullName, "02-b.md"), TipFile("same", 2));
            Assert.Contains("Two tips have the id 'same'", Assert.Throws<TipContentException>(() => TipLibrary.Load(folder.FullName)).Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(folder.FullName, "02-b.md"), TipFile("other", 2));
            File.Move(Path.Combine(folder.FullName, "02-b.md"), Path.Combine(folder.FullName, "03-b.md"));
            File.WriteAllText(Path.Combine(folder.FullName, "03-b.md"), TipFile("other", 3));
            Assert.Contains("2 is missing", Assert.Throws<TipContentException>(() => TipLibrary.Load(folder.FullName)).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rendering_a_body_encodes_everything()
    {
        Assert.Equal("<p>a &lt;b&gt; &amp; &quot;c&quot;</p>", TipText.Html(["a <b> & \"c\""]));
    }

    private static string TipFile(string id, int order) =>
        $"---\nid: {id}\norder: {order}\ntitle: \"T\"\ntheme: serve-and-return\nbabyAgeFromWeeks: 0\nbabyAgeToWeeks: 4\ntryThisWeek: \"Try\"\nsignposting: false\n---\nBody.\n";

    // A phone number (five or more digits in a run, allowing spaces), a web address or a postcode-like token.
    [GeneratedRegex(@"\d[\d ]{5,}\d|https?://|www\.|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2}\b")]
    private static partial Regex PhoneOrAddress();
}
