using HappyBabyHive.Bookings;
using HappyBabyHive.Pages.Website;

namespace HappyBabyHive.Web.Forms;

/// <summary>What the parent typed on the booking form (kept exactly, so an error never loses anything) and what went wrong.</summary>
public sealed record BookingFormState : FamilyFormState
{
    public bool AcceptTerms { get; init; }
    public bool WellbeingTipsOptIn { get; init; }

    /// <summary>"card" or "anotherWay" as posted (exactly, for redisplay), or null when the form had no choice.</summary>
    public string? PaymentMethod { get; init; }

    public BookingRequest ToRequest() => new()
    {
        CourseId = CourseId,
        ParentName = ParentName,
        Email = Email,
        Phone = Phone,
        BabyFirstName = BabyFirstName,
        BabyDateOfBirth = BabyDateOfBirth,
        AcceptTerms = AcceptTerms,
        WellbeingTipsOptIn = WellbeingTipsOptIn,
        PaymentMethod = PaymentMethod,
        LeaveThisEmpty = LeaveThisEmpty,
    };

    /// <summary>Reads a posted form; the names are the booking API's JSON names, so the script can send the same fields.</summary>
    public static BookingFormState FromForm(IReadOnlyDictionary<string, string> form) => ReadFamily(
        new BookingFormState
        {
            AcceptTerms = IsTicked(form, FieldNames.AcceptTerms),
            WellbeingTipsOptIn = IsTicked(form, FieldNames.WellbeingTipsOptIn),
            PaymentMethod = form.TryGetValue(FieldNames.PaymentMethod, out var method) && !string.IsNullOrEmpty(method) ? method : null,
            IdempotencyKey = IdempotencyKeyFrom(form),
        },
        form);
}
