using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;

namespace HappyBabyHive.Email;

/// <summary>
/// Sends through any SMTP server with MailKit: maildev locally, or a real business mailbox provider. Transient
/// failures are retried briefly with Polly; anything still failing is thrown so the queue redelivers later.
/// </summary>
public sealed partial class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions smtp;
    private readonly EmailOptions email;
    private readonly string fallbackReplyTo;
    private readonly ILogger<SmtpEmailSender> logger;
    private readonly ResiliencePipeline retry;

    public SmtpEmailSender(
        IOptions<SmtpOptions> smtp,
        IOptions<EmailOptions> email,
        IOptions<Configuration.BusinessOptions> business,
        TimeProvider time,
        ILogger<SmtpEmailSender> logger)
    {
        this.smtp = smtp.Value;
        this.email = email.Value;
        fallbackReplyTo = business.Value.OwnerEmail;
        this.logger = logger;
        retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = this.smtp.MaxAttempts - 1,
                Delay = this.smtp.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRetry(this.logger, args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = ToMime(message);
        await retry.ExecuteAsync(
            async token =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), token);
                if (!string.IsNullOrEmpty(smtp.UserName))
                {
                    await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, token);
                }

                await client.SendAsync(mime, token);
                await client.DisconnectAsync(quit: true, token);
            },
            cancellationToken);
    }

    internal MimeMessage ToMime(EmailMessage message)
    {
        var mime = new MimeMessage
        {
            // The same outbox record always produces the same Message-Id, so a repeat is recognisable downstream.
            MessageId = $"{message.IdempotencyKey:N}@happybabyhive.local",
            Subject = HeaderText.Clean(message.Subject),
        };
        mime.From.Add(new MailboxAddress(HeaderText.Clean(email.SenderName), email.SenderAddress));
        mime.To.Add(new MailboxAddress(HeaderText.Clean(message.To.DisplayName ?? string.Empty), message.To.Address));
        var replyTo = string.IsNullOrWhiteSpace(email.ReplyToAddress) ? fallbackReplyTo : email.ReplyToAddress;
        if (!string.IsNullOrWhiteSpace(replyTo))
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(HeaderText.Clean(name), HeaderText.Clean(value));
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security)),
    };

    /// <summary>Connection trouble and 4xx replies are worth another try; 5xx replies (bad address, refused) are not.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP send failed with {Error}; attempt {Attempt} follows")]
    private static partial void LogRetry(ILogger logger, string? error, int attempt);
}
