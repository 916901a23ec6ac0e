using System.Runtime.Serialization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Configuration;
using HappyBabyHive.Storage;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// A family's free-place request, alone in its own partition of the FreePlaceRequests table (PartitionKey = request
/// id, RowKey "request") beside the outbox rows for the emails it owes, so both are written in one transaction.
/// </summary>
public sealed class FreePlaceRequestEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = FreePlaceKeys.RequestRow;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = nameof(FreePlaceStatus.Pending);
    public string ParentName { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string? Phone { get; set; }
    public string BabyFirstName { get; set; } = string.Empty;
    public string BabyDateOfBirth { get; set; } = string.Empty;

    /// <summary>Null means "any suitable upcoming course".</summary>
    public string? PreferredCourseId { get; set; }

    public string ReferralSource { get; set; } = string.Empty;

    /// <summary>Special-category data: never logged, never emailed; deleted <see cref="FreePlaceOptions.NoteRetentionDays"/> after the decision.</summary>
    public string? Note { get; set; }

    /// <summary>True while a note or decline message is stored, so the purge can find them with a simple filter.</summary>
    public bool HasNote { get; set; }

    public DateTimeOffset? NotePurgedUtc { get; set; }
    public DateTimeOffset ConsentToStoreUtc { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>For idempotency keys: a hash of the request, so the same key with different details is refused.</summary>
    public string? RequestHash { get; set; }

    // An approval in progress (Status = Approving): what it is doing and until when it holds the request.
    public DateTimeOffset? ApprovingUntilUtc { get; set; }
    public string? ApprovingCourseId { get; set; }
    public bool ApprovingGeneralPlace { get; set; }
    public string? ApprovingVia { get; set; }

    // The decision and its audit trail; kept after the note is deleted.
    public DateTimeOffset? DecidedUtc { get; set; }
    public string? DecidedVia { get; set; }
    public string? ApprovedCourseId { get; set; }
    public string? BookingReference { get; set; }
    public string? PlaceKind { get; set; }

    /// <summary>The owner's optional message to a family she declined; deleted with the note.</summary>
    public string? DeclineMessage { get; set; }

    [IgnoreDataMember]
    public FreePlaceStatus RequestStatus => Enum.Parse<FreePlaceStatus>(Status);

    [IgnoreDataMember]
    public DateOnly BabyDateOfBirthDate => DateOnly.ParseExact(BabyDateOfBirth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [IgnoreDataMember]
    public ReferralSource Referral => Enum.Parse<ReferralSource>(ReferralSource);
}

public static class FreePlaceKeys
{
    public const string RequestRow = "request";

    /// <summary>Row in the course's partition (Bookings table) that says which booking a request's approval made.</summary>
    public const string CoursePointerPrefix = "freeplace|";

    public static string CoursePointer(string requestId) => CoursePointerPrefix + requestId;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new request id such as "fp-k7m3q9xpa2" (50 random bits, lower-case Crockford base32: a safe table key).</summary>
    public static string NewRequestId() => FromBytes(RandomNumberGenerator.GetBytes(10));

    /// <summary>The id for a request sent with an idempotency key: the same key always names the same request.</summary>
    public static string RequestIdFor(string idempotencyKey) => FromBytes(Convert.FromHexString(RowKeys.Hash("free-place|" + idempotencyKey)));

    public static bool IsRequestId(string? id) => id is { Length: 13 } && id.StartsWith("fp-", StringComparison.Ordinal) && id[3..].All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    private static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return "fp-" + new string(chars);
    }
}
