using AngleSharp.Dom;
using HappyBabyHive.Email;
using HappyBabyHive.Pages.Emails;

namespace HappyBabyHive.Tests.Support;

/// <summary>Renders emails as the app does and checks them as a mail client would read them (parsed, not by substring).</summary>
public static class EmailChecks
{
    /// <summary>The email renderer over the tests' one component renderer, as the app keeps one.</summary>
    public static EmailRenderer Renderer { get; } = new(TestPages.Renderer);

    /// <summary>
    /// Fails unless the HTML part holds no injected markup and shows every one of <paramref name="texts"/> intact as
    /// text, the plain-text part holds each of them verbatim (or upper-cased, as headings are there), and the subject is one line.
    /// </summary>
    public static void AssertOnlyText(EmailMessage email, params string[] texts)
    {
        HostileHtml.AssertOnlyText(email.HtmlBody, texts);
        foreach (var text in texts)
        {
            Assert.True(
                email.TextBody.Contains(text, StringComparison.Ordinal) || email.TextBody.Contains(text.ToUpperInvariant(), StringComparison.Ordinal),
                $"'{text}' is not in the plain-text part.");
        }

        Assert.DoesNotContain('\r', email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
    }

    /// <summary>Every piece of text the HTML part shows is in the plain-text part too (headings may be upper case there).</summary>
    public static void AssertTextPartSaysWhatHtmlSays(EmailMessage email)
    {
        using var document = HostileHtml.Parse(email.HtmlBody);
        var shown = document.Body!.Descendants<IText>()
            .Select(t => Collapse(t.Data))
            .Where(t => t.Length > 0)
            .ToList();
        Assert.NotEmpty(shown);
        var plain = Collapse(email.TextBody);
        foreach (var text in shown)
        {
            Assert.True(
                plain.Contains(text, StringComparison.Ordinal) || plain.Contains(text.ToUpperInvariant(), StringComparison.Ordinal),
                $"The HTML part shows '{text}', the plain-text part does not.");
        }

        // And every link the HTML offers is spelled out in the text.
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            Assert.Contains(link.GetAttribute("href")!, email.TextBody, StringComparison.Ordinal);
        }
    }

    /// <summary>The HTML part's visible text, whitespace collapsed, for checking wording.</summary>
    public static string VisibleText(EmailMessage email)
    {
        using var document = HostileHtml.Parse(email.HtmlBody);
        return Collapse(document.Body!.TextContent);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
