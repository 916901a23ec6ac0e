using HappyBabyHive.Validation;

namespace HappyBabyHive.Bookings;

/// <summary>
/// What the website's booking form posts. Every field is nullable so a missing field becomes a clear field error
/// (422) rather than a parse failure; the date of birth is text for the same reason.
/// </summary>
public sealed record BookingRequest : IHoneypotForm
{
    public string? CourseId { get; init; }
    public string? ParentName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? BabyFirstName { get; init; }

    /// <summary>ISO date, yyyy-MM-dd (what an HTML date input sends).</summary>
    public string? BabyDateOfBirth { get; init; }

    public bool AcceptTerms { get; init; }
    public bool WellbeingTipsOptIn { get; init; }

    /// <summary>
    /// How the family will pay for a place on a paid course: "card" (Stripe Checkout; the default when absent) or
    /// "anotherWay" (bank transfer or cash), which only a course that allows it accepts.
    /// </summary>
    public string? PaymentMethod { get; init; }

    /// <summary>Honeypot: hidden from people by the form, so only bots fill it in.</summary>
    public string? LeaveThisEmpty { get; init; }
}
