using System.Globalization;
using System.Text.RegularExpressions;

namespace HappyBabyHive.Payments;

/// <summary>
/// Idempotency keys for calls to Stripe, derived from what the call is about (never random), so a retry after a lost
/// answer, a crash or a duplicate queue message asks Stripe for the same thing under the same key and Stripe answers
/// with the object it already made. Stripe keeps a key for at least 24 hours and accepts up to 255 characters.
/// </summary>
public static partial class PaymentIdempotencyKeys
{
    public const int MaxLength = 200;

    public static string Checkout(string courseId, string reference, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"checkout:{courseId}:{reference}:{attempt}");

    public static string Expire(string sessionId) => "expire:" + sessionId;

    /// <summary>A refund named by the booking and why it is given (e.g. "cancelled", "course-cancelled").</summary>
    public static string Refund(string courseId, string reference, string why) => $"refund:{courseId}:{reference}:{why}";

    public static bool IsValid(string? key) => key is { Length: > 0 and <= MaxLength } && Safe().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9:_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Safe();
}
