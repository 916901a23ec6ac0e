using System.Text;

namespace HappyBabyHive.Email.Tests.Support;

public static class TestEmails
{
    public const string RecipientAddress = "sam@example.co.uk";

    public static readonly byte[] Ics = Encoding.UTF8.GetBytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Happy Baby Hive//Tests//EN\r\nBEGIN:VEVENT\r\nUID:course-1@happybabyhive.test\r\n" +
        "DTSTART:20261201T100000Z\r\nSUMMARY:Baby massage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

    /// <summary>A booking confirmation whose user-typed parts try to inject headers.</summary>
    public static EmailMessage Booking(Guid? id = null) => new()
    {
        To = new EmailRecipient(RecipientAddress, "Sam\r\nBcc: evil@example.com"),
        Subject = "You're booked\r\nBcc: evil@example.com",
        HtmlBody = "<p>Hi Sam, see you on <strong>1 December</strong>.</p>",
        TextBody = "Hi Sam, see you on 1 December.",
        IdempotencyKey = id ?? Guid.NewGuid(),
        Attachments = [new EmailAttachment("baby-massage.ics", "text/calendar", Ics)],
        Headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<https://www.happybabyhive.test/unsubscribe?t=abc>\r\nBcc: evil@example.com",
            ["X-Empty"] = "   ",
        },
    };
}
