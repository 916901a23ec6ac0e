using System.ComponentModel.DataAnnotations;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>The rules for changing a booking after it was made: cancelling, and offering freed places to the waitlist.</summary>
public sealed class BookingChangeOptions
{
    public const string SectionName = "BookingChanges";

    /// <summary>
    /// A family can cancel their own place up to this long before the first session (48 hours by default); after that
    /// their page says whom to contact. Leaving the waitlist is always possible until the course starts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "60.00:00:00")]
    public TimeSpan CancellationCutOff { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long a waiting family has to claim a place offered to them (24 hours by default).</summary>
    [Range(typeof(TimeSpan), "00:30:00", "14.00:00:00")]
    public TimeSpan OfferWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The shorter claim window when the course starts soon (<see cref="ShortOfferWindowWithin"/>), so a place can still pass down the list.</summary>
    [Range(typeof(TimeSpan), "00:15:00", "14.00:00:00")]
    public TimeSpan ShortOfferWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Offers made less than this long before the first session use <see cref="ShortOfferWindow"/> (3 days by default).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "60.00:00:00")]
    public TimeSpan ShortOfferWindowWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>When an offer made at <paramref name="now"/> for a course starting at <paramref name="firstSessionUtc"/> ends: never after the course starts.</summary>
    public DateTimeOffset OfferExpiry(DateTimeOffset firstSessionUtc, DateTimeOffset now)
    {
        var window = firstSessionUtc - now < ShortOfferWindowWithin ? ShortOfferWindow : OfferWindow;
        var expiry = now + window;
        return expiry < firstSessionUtc ? expiry : firstSessionUtc;
    }
}
