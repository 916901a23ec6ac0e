using System.Net.Sockets;
using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Email;

public sealed class SmtpEmailSenderTests : IDisposable
{
    private readonly SmtpEmailSender sender = new(
        Options.Create(new SmtpOptions()),
        Options.Create(new EmailOptions { SenderAddress = "hello@happybabyhive.test", SenderName = "The Happy\r\nBcc: x@y.z Hive" }),
        Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test" }),
        NullLogger<SmtpEmailSender>.Instance);

    public void Dispose() => sender.Dispose();

    private static EmailMessage Message(string subject = "Hello", string name = "Sam") => new()
    {
        To = new EmailRecipient("sam@example.co.uk", name),
        Subject = subject,
        HtmlBody = "<p>Hi</p>",
        TextBody = "Hi",
        IdempotencyKey = Guid.Parse("0b6f3c1e-8a2d-8e4f-9c3b-2d1e0f9a8b7c"),
        Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://x.test/u>\r\nBcc: evil@example.com" },
    };

    [Fact]
    public void Line_breaks_in_user_text_never_reach_a_header()
    {
        var mime = sender.ToMime(Message("Booked\r\nBcc: evil@example.com", "Sam\nBcc: evil@example.com"));

        using var stream = new MemoryStream();
        mime.WriteTo(stream);
        var raw = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.DoesNotContain(raw.Split("\r\n"), line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.Single(mime.To.Mailboxes);
        Assert.Empty(mime.Bcc);
        Assert.Equal("Booked Bcc: evil@example.com", mime.Subject);
    }

    [Fact]
    public void The_message_id_comes_from_the_idempotency_key_and_replies_go_to_the_owner()
    {
        var mime = sender.ToMime(Message());

        Assert.Equal("0b6f3c1e8a2d8e4f9c3b2d1e0f9a8b7c@happybabyhive.local", mime.MessageId);
        Assert.Equal("owner@happybabyhive.test", Assert.Single(mime.ReplyTo.Mailboxes).Address);
        Assert.Equal("hello@happybabyhive.test", Assert.Single(mime.From.Mailboxes).Address);
    }

    [Fact]
    public void Connection_trouble_and_4xx_replies_are_transient_but_5xx_are_not()
    {
        Assert.True(SmtpEmailSender.IsTransient(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.True(SmtpEmailSender.IsTransient(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxBusy, "busy")));
        Assert.False(SmtpEmailSender.IsTransient(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "no such user")));
        Assert.False(SmtpEmailSender.IsTransient(new InvalidOperationException()));
    }
}
