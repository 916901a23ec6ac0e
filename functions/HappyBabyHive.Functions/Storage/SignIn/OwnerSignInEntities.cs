using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage.SignIn;

/// <summary>
/// One sign-in attempt (partition = its random link id). Every attempt is stored the same way, owner or not, so the
/// response takes the same path and time; only an owner's attempt carries an address, and only it sends an email.
/// </summary>
internal sealed class OwnerSignInAttemptEntity : ITableEntity
{
    public const string Row = "attempt";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The owner's address; null when the address typed was not an owner's (which is never stored).</summary>
    public string? OwnerEmail { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset ExpiresUtc { get; set; }
}

/// <summary>Added when the link is used; a second use fails to add it (409), which is what makes a link work once.</summary>
internal sealed class OwnerSignInUseEntity : ITableEntity
{
    public const string Row = "used";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset UsedUtc { get; set; }
}
