using System.Text;
using System.Text.Encodings.Web;

namespace HappyBabyHive.Email;

/// <summary>
/// The shared look of every email: a calm single column with inline styles (mail clients ignore style sheets).
/// Every value from a user passes through <see cref="H"/>; the layout never trusts its inputs.
/// </summary>
public static class EmailLayout
{
    public static string H(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static string Html(string businessName, string heading, string bodyHtml, string footerText) =>
        $"""
        <!DOCTYPE html>
        <html lang="en-GB">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{H(heading)}</title></head>
        <body style="margin:0;padding:0;background:#fbf7f2;font-family:Arial,Helvetica,sans-serif;color:#2f2a26;">
        <div style="max-width:600px;margin:0 auto;padding:24px 20px;">
        <p style="margin:0 0 8px;font-size:14px;letter-spacing:.04em;color:#7a5c3e;">{H(businessName)}</p>
        <h1 style="margin:0 0 20px;font-size:24px;line-height:1.3;color:#4a3b2f;">{H(heading)}</h1>
        <div style="font-size:16px;line-height:1.6;">
        {bodyHtml}
        </div>
        <p style="margin:32px 0 0;font-size:13px;line-height:1.5;color:#6b5d52;">{H(footerText)}</p>
        </div>
        </body>
        </html>
        """;

    public static string Paragraph(string encodedHtml) => $"<p style=\"margin:0 0 16px;\">{encodedHtml}</p>";

    public static string List(IEnumerable<string> encodedItems)
    {
        var html = new StringBuilder("<ul style=\"margin:0 0 16px;padding-left:20px;\">");
        foreach (var item in encodedItems)
        {
            html.Append("<li style=\"margin:0 0 6px;\">").Append(item).Append("</li>");
        }

        return html.Append("</ul>").ToString();
    }

    public static string Highlight(string encodedHtml) =>
        $"<p style=\"margin:0 0 20px;padding:12px 16px;background:#f1e6da;border-radius:8px;\">{encodedHtml}</p>";
}
