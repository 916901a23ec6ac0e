using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Configuration;

namespace HappyBabyHive.FreePlaces;

/// <summary>
/// A family's free-place request as stored: what they asked, and the owner's decision once she makes it. Changes are
/// written back through <see cref="IFreePlaceRequestStore"/>, which refuses a write based on an out-of-date read.
/// </summary>
public sealed record FreePlaceRequestRecord
{
    /// <summary>The request's id, also the family's reference, e.g. "fp-k7m3q9xpa2" (see <see cref="FreePlaceRequestIds"/>).</summary>
    public required string Id { get; init; }

    public FreePlaceStatus Status { get; init; } = FreePlaceStatus.Pending;
    public required string ParentName { get; init; }
    public required string Email { get; init; }
    public string? Phone { get; init; }
    public required string BabyFirstName { get; init; }
    public DateOnly BabyDateOfBirth { get; init; }

    /// <summary>Null means "any suitable upcoming course".</summary>
    public string? PreferredCourseId { get; init; }

    public ReferralSource ReferralSource { get; init; }

    /// <summary>Special-category data: never logged, never emailed; deleted <see cref="FreePlaceOptions.NoteRetentionDays"/> after the decision.</summary>
    public string? Note { get; init; }

    public DateTimeOffset? NotePurgedUtc { get; init; }
    public DateTimeOffset ConsentToStoreUtc { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>For idempotency keys: a hash of the request, so the same key with different details is refused.</summary>
    public string? RequestHash { get; init; }

    /// <summary>While <see cref="Status"/> is Approving: what the approval is doing and until when it holds the request.</summary>
    public ApprovalHold? Approving { get; init; }

    // The decision and its audit trail; kept after the note is deleted.
    public DateTimeOffset? DecidedUtc { get; init; }

    /// <summary>Null only for a decision stored without its route; it reads as the API.</summary>
    public DecisionRoute? DecidedVia { get; init; }

    public string? ApprovedCourseId { get; init; }
    public string? BookingReference { get; init; }
    public PlaceKind? PlaceKind { get; init; }

    /// <summary>The owner's optional message to a family she declined; deleted with the note.</summary>
    public string? DeclineMessage { get; init; }

    /// <summary>True while a note or decline message is stored: what the note purge looks for.</summary>
    public bool HasNote => Note is not null || DeclineMessage is not null;

    /// <summary>
    /// The store's mark of the version this was read at (opaque). A write carries it back, and the store refuses the
    /// write if the request changed since. Empty for a request not yet stored.
    /// </summary>
    public string Version { get; init; } = string.Empty;
}

/// <summary>An approval holding a request while it books the place (see <see cref="FreePlaceOptions.ApprovalLease"/>).</summary>
public sealed record ApprovalHold(DateTimeOffset UntilUtc, string CourseId, bool GeneralPlace, DecisionRoute Via);

/// <summary>Request ids: short, random, lower-case Crockford base32, safe in a URL, a signed link and a table key.</summary>
public static class FreePlaceRequestIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new request id such as "fp-k7m3q9xpa2" (50 random bits).</summary>
    public static string New() => FromBytes(RandomNumberGenerator.GetBytes(10));

    /// <summary>The id for a request sent with an idempotency key: the same key always names the same request.</summary>
    public static string ForIdempotencyKey(string idempotencyKey) => FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("free-place|" + idempotencyKey)));

    public static bool IsValid(string? id) => id is { Length: 13 } && id.StartsWith("fp-", StringComparison.Ordinal) && id[3..].All(c => Alphabet.Contains(c, StringComparison.Ordinal));

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
