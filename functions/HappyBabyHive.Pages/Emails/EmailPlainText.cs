using System.Text;

namespace HappyBabyHive.Pages.Emails;

/// <summary>
/// The plain-text part of an email, written from the same <see cref="EmailContent"/> as its HTML part: every block
/// becomes the same words, with links spelled out (a text-only reader cannot follow an anchor).
/// </summary>
public static class EmailPlainText
{
    public static string Render(EmailContent content)
    {
        var text = new StringBuilder();
        Line(text, content.BusinessName);
        Line(text, content.Heading.ToUpperInvariant()).Append('\n');
        foreach (var block in content.Blocks)
        {
            switch (block)
            {
                case EmailParagraph paragraph:
                    Line(text, paragraph.Text).Append('\n');
                    break;
                case EmailHeading heading:
                    Line(text, heading.Text.ToUpperInvariant());
                    break;
                case EmailSection section:
                    Line(text, section.Heading.ToUpperInvariant());
                    Line(text, section.Text).Append('\n');
                    break;
                case EmailList list:
                    foreach (var item in list.Items)
                    {
                        Line(text, "- " + item);
                    }

                    text.Append('\n');
                    break;
                case EmailHighlight highlight:
                    Line(text, highlight.Label is null ? highlight.Text : $"{highlight.Label.ToUpperInvariant()} {highlight.Text}").Append('\n');
                    break;
                case EmailButton button:
                    Line(text, button.Label + ":");
                    Line(text, button.Url.AbsoluteUri).Append('\n');
                    break;
                case EmailSmallPrint smallPrint:
                    Line(text, $"{smallPrint.Before} {smallPrint.LinkText} {smallPrint.After}");
                    Line(text, smallPrint.Url.AbsoluteUri).Append('\n');
                    break;
                default:
                    throw new ArgumentException($"No plain text for {block.GetType().Name}.", nameof(content));
            }
        }

        text.Append(content.Footer);
        if (content.PrivacyNoticeUrl is { } privacy)
        {
            text.Append("\n\nHow we look after your details: ").Append(privacy.AbsoluteUri);
        }

        return text.ToString();
    }

    private static StringBuilder Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
