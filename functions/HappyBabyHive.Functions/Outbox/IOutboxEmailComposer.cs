namespace HappyBabyHive.Outbox;

/// <summary>An owed email as the outbox row records it: which template, about which row of the same partition.</summary>
public sealed record OwedEmail(OutboxMessage Message, string Template, string SubjectRowKey)
{
    /// <summary>The partition that holds the outbox row and what it is about (a course, a request, a subscriber).</summary>
    public string PartitionKey => Message.PartitionKey;

    /// <summary>The email's fixed id, the same on every attempt (SMTP Message-Id, ACS Operation-Id).</summary>
    public Guid Id => OutboxEmailId.For(Message);
}

/// <summary>
/// Turns an owed email into a message. The outbox owns this interface; each feature registers one for its own
/// templates and loads what its email shows.
/// </summary>
public interface IOutboxEmailComposer
{
    bool CanCompose(string templateName);

    /// <summary>Returns null when what the email was about no longer exists (nothing to send).</summary>
    Task<HappyBabyHive.Email.EmailMessage?> ComposeAsync(OwedEmail owed, CancellationToken cancellationToken);
}

/// <summary>An outbox row claimed by this delivery.</summary>
public interface IOutboxClaim : IEmailClaim
{
    OwedEmail Email { get; }
}

/// <summary>The outbox rows: the only code that reads or changes one after the transaction that wrote it.</summary>
public interface IOutboxStore
{
    /// <summary>Reads the row and, if the email is still owed and free, claims it for <paramref name="claimFor"/>.</summary>
    Task<ClaimAttempt<IOutboxClaim>> ClaimAsync(OutboxMessage message, TimeSpan claimFor, CancellationToken cancellationToken);
}
