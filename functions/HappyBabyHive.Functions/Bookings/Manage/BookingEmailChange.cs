using System.Globalization;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Links;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings.Manage;

/// <summary>
/// The "please confirm your new email address" step of a contact change: its outbox template names and its signed link.
/// The link names the booking and the number of the change (never the address, which stays on the booking row), so a
/// newer change outdates an older link and the address never appears in a URL or a log.
/// </summary>
public sealed class BookingEmailChange(LinkSigner signer, IOptions<BusinessOptions> business)
{
    public const string Purpose = "confirm-booking-email";
    public const string Route = "manage-booking/confirm-email";
    public const string TokenParameter = "token";

    /// <summary>
    /// Outbox template names are this prefix and the change's number ("booking-email-confirm-2"): the outbox keeps one
    /// row per booking and template, so each change needs a name of its own. Stored in outbox rows: never rename.
    /// </summary>
    public const string TemplatePrefix = "booking-email-confirm-";

    /// <summary>
    /// Each change sends an email to an address anyone holding the manage link could type, so a booking gets a few
    /// (enough for a typo and its fix), not an unlimited supply.
    /// </summary>
    public const int MaxChanges = 3;

    /// <summary>How long the confirmation link works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(48);

    public static string Template(int change) => TemplatePrefix + change.ToString(CultureInfo.InvariantCulture);

    /// <summary>The change number a template names, or null if it is not one of these.</summary>
    public static int? ChangeNumber(string template) =>
        template.StartsWith(TemplatePrefix, StringComparison.Ordinal) &&
        int.TryParse(template.AsSpan(TemplatePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var change) &&
        change is > 0 and <= MaxChanges
            ? change
            : null;

    public Uri ConfirmUrl(BookingKey booking, int change) =>
        new($"{business.Value.PublicBaseUrl.TrimEnd('/')}/api/{Route}?{TokenParameter}={Uri.EscapeDataString(Token(booking, change))}");

    public string Token(BookingKey booking, int change) =>
        signer.Sign(Purpose, $"{booking.CourseId}/{booking.Reference}/{change.ToString(CultureInfo.InvariantCulture)}", LinkLifetime);

    /// <summary>The booking and change number a token names, or why it does not open.</summary>
    public (LinkCheck Check, BookingKey? Booking, int Change) Verify(string? token)
    {
        var link = signer.Verify(Purpose, token);
        if (!link.IsValid)
        {
            return (link.Check, null, 0);
        }

        var parts = link.Subject!.Split('/');
        return parts.Length == 3 && CourseIdFormat.IsValid(parts[0]) && parts[1].Length is > 0 and <= 20 &&
            int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var change) && change is > 0 and <= MaxChanges
            ? (LinkCheck.Valid, new BookingKey(parts[0], parts[1]), change)
            : (LinkCheck.Malformed, null, 0);
    }
}
