using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Pages.Emails;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

/// <summary>
/// The two emails of the tips feature: "please confirm" and the weekly tip. Values from a person (a first name) or a
/// content file are plain text in the email's model, encoded by the renderer; names never go into the subject.
/// </summary>
public sealed class TipsEmails(IOptions<BusinessOptions> business, SubscriptionLinks links, EmailRenderer renderer)
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";

    public async Task<EmailMessage> ConfirmAsync(Subscriber subscriber, Guid idempotencyKey)
    {
        var b = business.Value;
        var email = await renderer.RenderAsync(new EmailContent(b.Name, "Please confirm your weekly tips",
        [
            new EmailParagraph(Hello(subscriber)),
            new EmailParagraph($"Thank you for asking for the weekly wellbeing tips from {b.Name}. Every Monday morning we'll send one short, gentle idea for you and your baby."),
            new EmailParagraph("Please confirm it's really you by pressing the button. It opens a page where you confirm with one more press."),
            new EmailButton("Confirm my weekly tips", new Uri(links.ConfirmUrl(subscriber.Key, subscriber.ConsentId))),
            new EmailParagraph("The link works for 7 days. If you didn't ask for these tips, just ignore this email and you won't hear from us again."),
        ], Footer(b)));
        return new EmailMessage
        {
            To = new EmailRecipient(subscriber.Email, subscriber.FirstName),
            Subject = $"Please confirm your weekly wellbeing tips from {b.Name}",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = idempotencyKey,
        };
    }

    public async Task<EmailMessage> WeeklyAsync(TipPublication publication, Subscriber subscriber)
    {
        var b = business.Value;
        var unsubscribe = links.UnsubscribeUrl(subscriber.Key);
        var email = await renderer.RenderAsync(new EmailContent(b.Name, publication.Title,
        [
            new EmailParagraph(Hello(subscriber)),
            .. publication.Paragraphs.Select(p => new EmailParagraph(p)),
            new EmailHighlight(publication.TryThisWeek, Label: "Try this week:"),
            new EmailParagraph($"With warm wishes from everyone at {b.Name}."),
            new EmailSmallPrint("You're getting this because you asked for our weekly tips.", "Unsubscribe", new Uri(unsubscribe), "with one click at any time."),
        ], Footer(b)));

        return new EmailMessage
        {
            To = new EmailRecipient(subscriber.Email, subscriber.FirstName),
            Subject = $"This week's wellbeing tip: {publication.Title}",
            HtmlBody = email.Html,
            TextBody = email.Text,
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

    /// <summary>
    /// The weekly email exactly as a subscriber gets it, for the owner to read before it goes out. It is addressed to a
    /// made-up parent (no real address or name is shown), whose unsubscribe link leads nowhere.
    /// </summary>
    public Task<EmailMessage> PreviewAsync(TipPublication publication) =>
        WeeklyAsync(publication, new Subscriber { Key = PreviewKey, Email = PreviewAddress, FirstName = PreviewFirstName, Status = SubscriberStatus.Confirmed });

    /// <summary>A well-formed key no subscriber has (no keyed hash is all zeros in practice): the preview's link leads nowhere.</summary>
    public static readonly string PreviewKey = new('0', 64);

    /// <summary>The name the preview greets ("Hello Sam,"), so the owner sees where a parent's name goes.</summary>
    public const string PreviewFirstName = "Sam";

    private const string PreviewAddress = "preview@example.invalid";

    /// <summary>A name-based GUID of week and subscriber: every retry of one weekly email carries the same id.</summary>
    public static Guid WeeklyEmailId(string week, string subscriberKey)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"tips/{week}/{subscriberKey}"), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }

    private static string Hello(Subscriber subscriber) =>
        string.IsNullOrWhiteSpace(subscriber.FirstName) ? "Hello," : $"Hello {subscriber.FirstName},";

    private static string Footer(BusinessOptions b) =>
        $"{b.Name} runs baby massage and baby yoga in {b.Area}. These tips are general ideas, not medical advice: if you're worried about your baby or yourself, " +
        "talk to your GP or health visitor, or call NHS 111.";
}
