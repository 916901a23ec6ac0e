using HappyBabyHive.Pages.Website;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// What the booking and free-place forms both ask: a course, the parent, the baby, and an idempotency key made once
/// per form load (so a double press, a resend or a refresh is never a second booking or request).
/// </summary>
public abstract record FamilyFormState : FormState
{
    public string? CourseId { get; init; }
    public string? ParentName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? BabyFirstName { get; init; }
    public string? BabyDateOfBirth { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>The parent and baby as typed, for the page.</summary>
    public FamilyDetails Family => new(ParentName, Email, Phone, BabyFirstName, BabyDateOfBirth);

    /// <summary>Fills the shared fields (and the honeypot) from a posted form; the names are the APIs' JSON names.</summary>
    protected static TState ReadFamily<TState>(TState state, IReadOnlyDictionary<string, string> form)
        where TState : FamilyFormState =>
        (TState)((FamilyFormState)state with
        {
            CourseId = Posted(form, FieldNames.CourseId),
            ParentName = Posted(form, FieldNames.ParentName),
            Email = Posted(form, FieldNames.Email),
            Phone = Posted(form, FieldNames.Phone),
            BabyFirstName = Posted(form, FieldNames.BabyFirstName),
            BabyDateOfBirth = Posted(form, FieldNames.BabyDateOfBirth),
            LeaveThisEmpty = Posted(form, FieldNames.LeaveThisEmpty),
        });
}
