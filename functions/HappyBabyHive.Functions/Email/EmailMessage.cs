namespace HappyBabyHive.Email;

public sealed record EmailRecipient(string Address, string? DisplayName = null);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One email, provider-neutral. <see cref="IdempotencyKey"/> is derived from the outbox record, so every retry of the
/// same email carries the same id (SMTP Message-Id, ACS Operation-Id) and providers can recognise a repeat.
/// </summary>
public sealed record EmailMessage
{
    public required EmailRecipient To { get; init; }
    public required string Subject { get; init; }
    public required string HtmlBody { get; init; }
    public required string TextBody { get; init; }
    public required Guid IdempotencyKey { get; init; }
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>
    /// True when an earlier attempt at this same email may have reached the provider (its claim shows a delivery that
    /// crashed or failed after starting to send). A provider that can look the email up does so before sending again.
    /// </summary>
    public bool MayAlreadyBeSent { get; init; }

    /// <summary>Extra headers such as List-Unsubscribe. Values are checked for line breaks before sending.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The provider asked us to slow down; the message should go back on the queue for <see cref="RetryAfter"/>.</summary>
public sealed class EmailThrottledException(TimeSpan retryAfter)
    : Exception($"The email provider asked us to wait {retryAfter} before sending again.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
