using Azure;
using Azure.Data.Tables;

namespace HappyBabyHive.Bookings;

/// <summary>A family's place (or waitlist place) on a course. Lives in the course's partition.</summary>
public sealed class BookingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reference { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public int? WaitlistPosition { get; set; }
    public bool IsFreePlace { get; set; }
    public string ParentName { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string? Phone { get; set; }
    public string BabyFirstName { get; set; } = string.Empty;
    public string BabyDateOfBirth { get; set; } = string.Empty;
    public DateTimeOffset TermsAcceptedUtc { get; set; }
    public bool WellbeingTipsOptIn { get; set; }
    public DateTimeOffset? WellbeingTipsOptInUtc { get; set; }

    /// <summary>The version of the tips consent wording the form showed (see WellbeingTips.ConsentWording).</summary>
    public string? WellbeingTipsConsentVersion { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }

    public BookingStatus BookingStatus => Enum.Parse<BookingStatus>(Status);
}

/// <summary>Points a family (hashed email and baby name) or an idempotency key at the booking it made.</summary>
public sealed class BookingPointerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reference { get; set; } = string.Empty;

    /// <summary>For idempotency keys: a hash of the request, so the same key with a different body is refused.</summary>
    public string? RequestHash { get; set; }
}
