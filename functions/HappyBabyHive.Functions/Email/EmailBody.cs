using System.Text;
using static HappyBabyHive.Email.EmailLayout;

namespace HappyBabyHive.Email;

/// <summary>
/// Builds an email's HTML and plain-text parts from the same blocks, so the two can never say different things.
/// Every text passed in is plain text: it is HTML-encoded for the HTML part, never trusted.
/// </summary>
public sealed class EmailBody
{
    private readonly StringBuilder html = new();
    private readonly List<string> text = [];

    public EmailBody Paragraph(string plainText)
    {
        html.Append(EmailLayout.Paragraph(H(plainText)));
        text.Add(plainText);
        text.Add(string.Empty);
        return this;
    }

    public EmailBody Heading(string plainText)
    {
        html.Append(EmailLayout.Paragraph($"<strong>{H(plainText)}</strong>"));
        text.Add(plainText.ToUpperInvariant());
        return this;
    }

    /// <summary>A short labelled block, e.g. "Where" and the venue.</summary>
    public EmailBody Section(string heading, string plainText)
    {
        html.Append(EmailLayout.Paragraph($"<strong>{H(heading)}</strong><br>{H(plainText)}"));
        text.Add(heading.ToUpperInvariant());
        text.Add(plainText);
        text.Add(string.Empty);
        return this;
    }

    public EmailBody List(IEnumerable<string> items)
    {
        var all = items.ToList();
        html.Append(EmailLayout.List(all.Select(H)));
        text.AddRange(all.Select(item => "- " + item));
        text.Add(string.Empty);
        return this;
    }

    /// <summary>The one thing to notice, such as the booking reference.</summary>
    public EmailBody Highlight(string plainText)
    {
        html.Append(EmailLayout.Highlight($"<strong>{H(plainText)}</strong>"));
        text.Add(plainText);
        text.Add(string.Empty);
        return this;
    }

    /// <summary>A button-style link in HTML; in plain text, the label and then the address on its own line.</summary>
    public EmailBody Link(string label, Uri url)
    {
        html.Append(EmailLayout.Paragraph(
            $"<a href=\"{H(url.AbsoluteUri)}\" style=\"display:inline-block;padding:12px 20px;background:#7a4e2d;color:#ffffff;border-radius:8px;text-decoration:none;font-weight:bold;\">{H(label)}</a>"));
        text.Add(label + ":");
        text.Add(url.AbsoluteUri);
        text.Add(string.Empty);
        return this;
    }

    public string Html(string businessName, string heading, string footer) => EmailLayout.Html(businessName, heading, html.ToString(), footer);

    public string Text(string footer) => string.Join('\n', text.Append(footer));
}
