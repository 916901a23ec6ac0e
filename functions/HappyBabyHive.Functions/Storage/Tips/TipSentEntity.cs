using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage.Tips;

/// <summary>
/// "This week's tip went to this subscriber": partition "sent|{week}", row = subscriber key. Inserted with Add before
/// sending (a claim), marked Sent after, so redelivered or duplicated messages never send a second email.
/// </summary>
internal sealed class TipSentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = TipSendStatus.Sending;
    public DateTimeOffset? ClaimedUntilUtc { get; set; }
    public DateTimeOffset? SentUtc { get; set; }

    public static string PartitionFor(string week) => "sent|" + week;
}

internal static class TipSendStatus
{
    public const string Sending = "Sending";
    public const string Sent = "Sent";
}
