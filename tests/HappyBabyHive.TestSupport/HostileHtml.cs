using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// Checks a rendered page or email as a browser would read it (AngleSharp's HTML5 parser), not by substring: hostile
/// text must come back as text nodes and attribute values, never as markup.
/// </summary>
public static class HostileHtml
{
    /// <summary>Text that turns into markup, an event handler or a header if anything forgets to encode it.</summary>
    public static readonly string[] Samples =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)",
        "</textarea><svg onload=alert(1)>",
        "Sam & \"Jo\" <b onmouseover=alert(1)>",
    ];

    /// <summary>All the samples in one value, for a field that can hold only one.</summary>
    public static readonly string AllInOne = string.Concat(Samples);

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Anything a hostile value could have turned into: event handlers, javascript: URLs, injected elements.</summary>
    public static IEnumerable<string> InjectedMarkup(IDocument document)
    {
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"<{element.LocalName}> has an event handler {attribute.Name}=\"{attribute.Value}\"";
                }

                if (attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"<{element.LocalName}> has a javascript: URL in {attribute.Name}";
                }
            }

            if (element.LocalName is "svg" or "iframe" || (element.LocalName == "img" && element.GetAttribute("src") == "x"))
            {
                yield return $"an injected <{element.LocalName}>";
            }

            if (element.LocalName == "script" && element.TextContent.Contains("alert(", StringComparison.Ordinal))
            {
                yield return "an injected <script>";
            }

            // An injected </textarea> would end the field early and leave the rest as markup.
            if (element.LocalName == "b" && element.GetAttribute("onmouseover") is not null)
            {
                yield return "an injected <b>";
            }
        }
    }

    /// <summary>Every text node and every attribute value, as the browser decoded them.</summary>
    public static List<string> TextsAndValues(IDocument document) =>
        document.All.SelectMany(e => e.Attributes.Select(a => a.Value))
            .Concat(document.All.Where(e => e.LocalName is "title" or "textarea").Select(e => e.TextContent))
            .Concat(document.Descendants<IText>().Select(t => t.Data))
            .Concat(document.Body is null ? [] : [document.Body.TextContent])
            .ToList();

    /// <summary>
    /// Fails unless <paramref name="html"/> holds no injected markup and shows every one of <paramref name="expectedTexts"/>
    /// intact as a text node or attribute value (so encoding did not mangle it either).
    /// </summary>
    public static void AssertOnlyText(string html, params string[] expectedTexts)
    {
        using var document = Parse(html);
        var injected = InjectedMarkup(document).ToList();
        Assert.True(injected.Count == 0, "Hostile text became markup: " + string.Join("; ", injected));
        var texts = TextsAndValues(document);
        foreach (var expected in expectedTexts)
        {
            Assert.True(texts.Any(t => t.Contains(expected, StringComparison.Ordinal)), $"'{expected}' is not shown as text.");
        }
    }
}
