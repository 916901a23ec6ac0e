using System.Security.Cryptography;
using System.Text;

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

    public static string Booking(string reference) => BookingPrefix + reference;

    /// <summary>One row per email and baby per course, so the same family booking twice gets their first booking back.</summary>
    public static string Family(string email, string babyFirstName) =>
        FamilyPrefix + Hash($"{email.Trim().ToUpperInvariant()}|{babyFirstName.Trim().ToUpperInvariant()}");

    public static string Idempotency(string key) => IdempotencyPrefix + Hash(key);

    /// <summary>One row per free-place request whose approval booked a place here, so an approval books at most once.</summary>
    public static string FreePlaceRequest(string requestId) => FreePlaceRequestPrefix + requestId;

    public static string Outbox(string reference, string template) => $"{OutboxPrefix}{reference}|{template}";

    /// <summary>Upper bound for a prefix range query: '|' + 1 is '}'.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    // Keys are hashed so personal data never appears in a key (keys show up in storage logs and diagnostics).
    internal static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
