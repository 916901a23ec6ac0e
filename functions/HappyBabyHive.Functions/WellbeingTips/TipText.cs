using System.Text.Encodings.Web;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// Turns a tip's plain-text body into HTML. Tips are plain words by design (the owner's guide says no links, headings
/// or pictures), so the body is split into paragraphs and every paragraph is HTML-encoded: nothing in a content file,
/// including a stray angle bracket, can ever become markup in an email or on the website.
/// </summary>
public static class TipText
{
    public static IReadOnlyList<string> Paragraphs(string body) =>
        body.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(p => p.Length > 0)
            .ToList();

    /// <summary>Plain &lt;p&gt; elements for the website (which styles them itself).</summary>
    public static string Html(IEnumerable<string> paragraphs) =>
        string.Concat(paragraphs.Select(p => "<p>" + HtmlEncoder.Default.Encode(p) + "</p>"));
}
