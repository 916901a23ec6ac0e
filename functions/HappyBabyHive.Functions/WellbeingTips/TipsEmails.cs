using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Email.EmailLayout;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// The two emails of the tips feature: "please confirm" and the weekly tip. Every value that came from a person
/// (a first name) or a content file goes through <see cref="EmailLayout.H"/>; names never go into the subject.
/// </summary>
public sealed class TipsEmails(IOptions<BusinessOptions> business, SubscriptionLinks links)
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";

    public EmailMessage Confirm(Subscriber subscriber, Guid idempotencyKey)
    {
        var b = business.Value;
        var url = links.ConfirmUrl(subscriber.Key, subscriber.ConsentId);
        var hello = string.IsNullOrWhiteSpace(subscriber.FirstName) ? "Hello," : $"Hello {H(subscriber.FirstName)},";
        var html = string.Concat(
            Paragraph(hello),
            Paragraph($"Thank you for asking for the weekly wellbeing tips from {H(b.Name)}. Every Monday morning we'll send one short, gentle idea for you and your baby."),
            Paragraph("Please confirm it's really you by pressing the button. It opens a page where you confirm with one more press."),
            Button(url, "Confirm my weekly tips"),
            Paragraph("The link works for 7 days. If you didn't ask for these tips, just ignore this email and you won't hear from us again."));
        var text = string.Join("\n", [
            string.IsNullOrWhiteSpace(subscriber.FirstName) ? "Hello," : $"Hello {subscriber.FirstName},",
            "",
            $"Thank you for asking for the weekly wellbeing tips from {b.Name}. Every Monday morning we'll send one short, gentle idea for you and your baby.",
            "",
            "Please confirm it's really you by opening this link and pressing the button:",
            url,
            "",
            "The link works for 7 days. If you didn't ask for these tips, just ignore this email and you won't hear from us again.",
        ]);
        return new EmailMessage
        {
            To = new EmailRecipient(subscriber.Email, subscriber.FirstName),
            Subject = $"Please confirm your weekly wellbeing tips from {b.Name}",
            HtmlBody = EmailLayout.Html(b.Name, "Please confirm your weekly tips", html, Footer(b)),
            TextBody = text,
            IdempotencyKey = idempotencyKey,
        };
    }

    public EmailMessage Weekly(TipPublication publication, Subscriber subscriber)
    {
        var b = business.Value;
        var unsubscribe = links.UnsubscribeUrl(subscriber.Key);
        var paragraphs = publication.Paragraphs;
        var hello = string.IsNullOrWhiteSpace(subscriber.FirstName) ? "Hello," : $"Hello {H(subscriber.FirstName)},";
        var html = string.Concat(
            Paragraph(hello),
            string.Concat(paragraphs.Select(p => Paragraph(H(p)))),
            Highlight($"<strong>Try this week:</strong> {H(publication.TryThisWeek)}"),
            Paragraph($"With warm wishes from everyone at {H(b.Name)}."),
            $"<p style=\"margin:24px 0 0;font-size:13px;color:#6b5d52;\">You're getting this because you asked for our weekly tips. " +
            $"<a href=\"{H(unsubscribe)}\" style=\"color:#7a4e2d;\">Unsubscribe</a> with one click at any time.</p>");
        var text = string.Join("\n", [
            string.IsNullOrWhiteSpace(subscriber.FirstName) ? "Hello," : $"Hello {subscriber.FirstName},",
            "",
            publication.Title.ToUpperInvariant(),
            "",
            .. paragraphs.SelectMany(p => new[] { p, "" }),
            $"TRY THIS WEEK: {publication.TryThisWeek}",
            "",
            $"With warm wishes from everyone at {b.Name}.",
            "",
            "You're getting this because you asked for our weekly tips. Unsubscribe at any time:",
            unsubscribe,
        ]);

        return new EmailMessage
        {
            To = new EmailRecipient(subscriber.Email, subscriber.FirstName),
            Subject = $"This week's wellbeing tip: {publication.Title}",
            HtmlBody = EmailLayout.Html(b.Name, publication.Title, html, Footer(b)),
            TextBody = text,
            IdempotencyKey = WeeklyEmailId(publication.Week, subscriber.Key),
            Headers = new Dictionary<string, string>
            {
                // RFC 2369 and RFC 8058: mail apps show their own "Unsubscribe" button, and a one-click POST to the
                // https address unsubscribes without opening a page. The mailto is a fallback for older clients.
                [ListUnsubscribe] = $"<{unsubscribe}>, <mailto:{b.OwnerEmail}?subject=Unsubscribe%20from%20weekly%20tips>",
                [ListUnsubscribePost] = "List-Unsubscribe=One-Click",
            },
        };
    }

    /// <summary>A name-based GUID of week and subscriber: every retry of one weekly email carries the same id.</summary>
    public static Guid WeeklyEmailId(string week, string subscriberKey)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"tips/{week}/{subscriberKey}"), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }

    private static string Button(string url, string label) =>
        $"<p style=\"margin:8px 0 24px;\"><a href=\"{H(url)}\" style=\"display:inline-block;padding:12px 20px;background:#7a4e2d;color:#ffffff;border-radius:8px;text-decoration:none;font-weight:bold;\">{H(label)}</a></p>";

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}. These tips are general ideas, not medical advice: if you're worried about your baby or yourself, " +
        "talk to your GP or health visitor, or call NHS 111.";
}
