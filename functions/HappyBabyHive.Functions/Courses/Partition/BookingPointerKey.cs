using HappyBabyHive.Links;

namespace HappyBabyHive.Courses.Partition;

public enum BookingPointerKind
{
    /// <summary>One per email address and baby per course: the same family booking twice gets their first booking back.</summary>
    Family,

    /// <summary>One per Idempotency-Key header: a retried request gets the booking it made.</summary>
    IdempotencyKey,

    /// <summary>One per free-place request whose approval booked a place, so an approval books at most once.</summary>
    FreePlaceRequest,

    /// <summary>One per booking a family moved away from, in the course they moved to, so a move books at most once.</summary>
    MovedFrom,
}

/// <summary>
/// What a pointer at a booking is keyed on, in the domain's words. The storage layer turns it into a row key (hashed
/// where it holds personal data, so no address or name ever appears in a key).
/// </summary>
public sealed record BookingPointerKey
{
    private BookingPointerKey(BookingPointerKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public BookingPointerKind Kind { get; }

    /// <summary>The value the pointer is keyed on: a keyed hash for a family, the client's key, a request id, a booking.</summary>
    public string Value { get; }

    /// <summary>
    /// The family pointer, keyed on a keyed hash (<see cref="PersonalDataHasher"/>) of the address and baby's name: the
    /// value is already the hash, so the address never reaches storage even as a plain SHA-256 anyone could test.
    /// </summary>
    public static BookingPointerKey Family(PersonalDataHasher hasher, string email, string babyFirstName) =>
        new(BookingPointerKind.Family, hasher.Hash("family", FamilyValue(email, babyFirstName)));

    /// <summary>What a family is keyed on (case and surrounding spaces do not make a new family).</summary>
    public static string FamilyValue(string email, string babyFirstName) =>
        $"{email.Trim().ToUpperInvariant()}|{babyFirstName.Trim().ToUpperInvariant()}";

    public static BookingPointerKey IdempotencyKey(string key) => new(BookingPointerKind.IdempotencyKey, key.Trim());

    public static BookingPointerKey FreePlaceRequest(string requestId) => new(BookingPointerKind.FreePlaceRequest, requestId);

    public static BookingPointerKey MovedFrom(BookingKey from) => new(BookingPointerKind.MovedFrom, $"{from.CourseId}|{from.Reference}");

    // The value can be personal data: never print it.
    public override string ToString() => $"{Kind} pointer";
}

/// <summary>
/// A pointer's target: the booking reference, and for idempotency keys the fingerprint of the request that used the
/// key. <paramref name="Version"/> is the store's opaque version, for re-pointing it (see <see cref="CourseChangeSet.RepointPointer"/>).
/// </summary>
public sealed record BookingPointer(string Reference, string? RequestFingerprint, object? Version = null);
