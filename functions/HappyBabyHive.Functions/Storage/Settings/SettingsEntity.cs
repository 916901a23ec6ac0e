using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Storage.Settings;

/// <summary>The owner's settings: one row (PartitionKey "settings", RowKey "business") in the Settings table.</summary>
internal sealed class SettingsEntity : ITableEntity
{
    public const string Partition = "settings";
    public const string Row = "business";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string DeclineSignposting { get; set; } = string.Empty;

    /// <summary>Invariant text such as "12.5": Table storage has no decimal type, and a double would turn 12.5 into 12.4999….</summary>
    public string DonationPercent { get; set; } = "0";

    public DateTimeOffset UpdatedUtc { get; set; }

    /// <summary>A WaitlistFill name; missing in rows saved before #15 (then "offer").</summary>
    public string? WaitlistFill { get; set; }

    /// <summary>Missing or null: free places are never released early.</summary>
    public int? ReleaseFreePlacesDaysBefore { get; set; }

    /// <summary>Missing in rows saved before #16 (then 7).</summary>
    public int? RefundDaysBefore { get; set; }

    public string? PaymentAccountName { get; set; }
    public string? PaymentBankName { get; set; }
    public string? PaymentSortCode { get; set; }
    public string? PaymentAccountNumber { get; set; }
    public string? PaymentReferenceToQuote { get; set; }
    public string? PaymentInstructions { get; set; }
}
