using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using HappyBabyHive.Time;
using Polly;
using Polly.Retry;

namespace HappyBabyHive.Email;

/// <summary>
/// Sends through any SMTP server with MailKit: maildev locally, or a real business mailbox provider. Transient
/// failures are retried briefly with Polly; anything still failing is thrown so the queue redelivers later.
/// Connections are kept open and reused: opening one (greeting, EHLO, and TLS or login where used) costs far more than
/// sending on it (measured against maildev: ~100-165 ms against 2-3 ms, see docs/benchmarks.md).
/// </summary>
public sealed partial class SmtpEmailSender : IEmailSender, IDisposable
{
    /// <summary>At most this many open connections wait for the next email; the rest are closed after use.</summary>
    private const int MaxIdleConnections = 16;

    /// <summary>Servers drop idle connections; one unused for longer is closed rather than risked.</summary>
    private static readonly TimeSpan MaxIdleTime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<(SmtpClient Client, long IdleSince)> idle = new();

    private readonly SmtpOptions smtp;
    private readonly EmailOptions email;
    private readonly string fallbackReplyTo;
    private readonly ILogger<SmtpEmailSender> logger;
    private readonly ResiliencePipeline retry;

    public SmtpEmailSender(
        IOptions<SmtpOptions> smtp,
        IOptions<EmailOptions> email,
        IOptions<Configuration.BusinessOptions> business,
        ILogger<SmtpEmailSender> logger)
    {
        this.smtp = smtp.Value;
        this.email = email.Value;
        fallbackReplyTo = business.Value.OwnerEmail;
        this.logger = logger;
        retry = new ResiliencePipelineBuilder { TimeProvider = BackoffClock.Machine }
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
                var (client, reused) = await RentAsync(token);
                try
                {
                    await client.SendAsync(mime, token);
                }
                catch (Exception e) when (reused && IsTransient(e))
                {
                    // The server may have closed a kept connection since its last use: that is not the server
                    // failing, so try once on a fresh connection before counting an attempt.
                    client.Dispose();
                    (client, _) = await RentAsync(token, reuse: false);
                    await SendOrDiscardAsync(client, mime, token);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                Return(client);
            },
            cancellationToken);
    }

    public void Dispose()
    {
        while (idle.TryDequeue(out var entry))
        {
            entry.Client.Dispose();
        }
    }

    private static async Task SendOrDiscardAsync(SmtpClient client, MimeMessage mime, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch
        {
            // A connection that failed mid-conversation is never reused.
            client.Dispose();
            throw;
        }
    }

    private async Task<(SmtpClient Client, bool Reused)> RentAsync(CancellationToken cancellationToken, bool reuse = true)
    {
        while (reuse && idle.TryDequeue(out var entry))
        {
            if (entry.Client.IsConnected && BackoffClock.Machine.GetElapsedTime(entry.IdleSince) < MaxIdleTime)
            {
                return (entry.Client, true);
            }

            entry.Client.Dispose();
        }

        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return (client, false);
    }

    private void Return(SmtpClient client)
    {
        if (client.IsConnected && idle.Count < MaxIdleConnections)
        {
            idle.Enqueue((client, BackoffClock.Machine.GetTimestamp()));
            return;
        }

        client.Dispose();
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
