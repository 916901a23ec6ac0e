using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Email;

public enum EmailProvider
{
    Smtp,
    Acs,
}

public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public EmailProvider Provider { get; set; } = EmailProvider.Smtp;

    /// <summary>The From address, e.g. DoNotReply@xyz.azurecomm.net or hello@your-domain.co.uk.</summary>
    [Required]
    [EmailAddress]
    public string SenderAddress { get; set; } = string.Empty;

    [Required]
    public string SenderName { get; set; } = "The Happy Baby Hive";

    /// <summary>Where parents' replies go (the owner's inbox). Optional: defaults to Business:OwnerEmail.</summary>
    [EmailAddress]
    public string? ReplyToAddress { get; set; }
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP, for a local test server such as maildev only.</summary>
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1025;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Attempts for transient failures (connection refused, 4xx replies) before the queue takes over.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
