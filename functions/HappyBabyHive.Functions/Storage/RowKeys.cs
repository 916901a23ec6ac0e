using System.Security.Cryptography;
using System.Text;
using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Storage;

/// <summary>
/// Row keys inside a course's partition in the Bookings table. A kind prefix lets one range query read one kind,
/// and keeps every row that must change together in the same partition, so one transaction covers them.
/// </summary>
public static class RowKeys
{
    public const string Course = "course";
    public const string BookingPrefix = "booking|";
    public const string FamilyPrefix = "family|";
    public const string IdempotencyPrefix = "idem|";
    public const string OutboxPrefix = "outbox|";
    public const string FreePlaceRequestPrefix = "freeplace|";
    public const string MovedFromPrefix = "moved|";

    /// <summary>
    /// Family pointers written since issue 17 carry a keyed hash (already in the pointer's value) behind this marker;
    /// a family row without it holds the old plain SHA-256 and is re-keyed by the personal-data re-key job.
    /// </summary>
    public const string KeyedFamilyPrefix = FamilyPrefix + "h1.";

    /// <summary>The row key a family pointer had before issue 17: a plain SHA-256, which the re-key job replaces.</summary>
    public static string LegacyFamily(string familyValue) => FamilyPrefix + Hash(familyValue);

    public static string Booking(string reference) => BookingPrefix + reference;

    /// <summary>The row of a pointer at a booking: hashed where the key holds personal data (an address and a name, or a client's key).</summary>
    public static string ForPointer(BookingPointerKey key) => key.Kind switch
    {
        BookingPointerKind.Family => KeyedFamilyPrefix + key.Value,
        BookingPointerKind.IdempotencyKey => IdempotencyPrefix + Hash(key.Value),
        BookingPointerKind.FreePlaceRequest => FreePlaceRequestPrefix + key.Value,
        BookingPointerKind.MovedFrom => MovedFromPrefix + key.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key.Kind, "Not a pointer kind."),
    };

    public static string Outbox(string reference, string template) => $"{OutboxPrefix}{reference}|{template}";

    /// <summary>Upper bound for a prefix range query: '|' + 1 is '}'.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    // Keys are hashed so personal data never appears in a key (keys show up in storage logs and diagnostics).
    internal static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
