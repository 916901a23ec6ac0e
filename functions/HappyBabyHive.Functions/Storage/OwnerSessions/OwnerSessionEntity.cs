using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage.OwnerSessions;

/// <summary>One signed-in device: partition = the owner's keyed fingerprint, row = the random session id.</summary>
internal sealed class OwnerSessionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Device { get; set; } = string.Empty;
    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset SignedInUtc { get; set; }
    public DateTimeOffset LastSeenUtc { get; set; }
    public DateTimeOffset AbsoluteExpiresUtc { get; set; }
    public DateTimeOffset? RevokedUtc { get; set; }
}

/// <summary>Added when an emailed review link is first opened; a second open fails to add it (409).</summary>
internal sealed class ReviewLinkUseEntity : ITableEntity
{
    public const string Partition = "review-links";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset UsedUtc { get; set; }
}
