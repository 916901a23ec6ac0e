using System.Globalization;
using System.Text;
using static HappyBabyHive.Web.Forms.FormFields;

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

/// <summary>The hints that differ between the forms' "About you" and "About your baby" sections.</summary>
public sealed record FamilyFieldHints(string Email, string Phone, string BabyDateOfBirth);

public static class FamilyFields
{
    /// <summary>"About you" and "About your baby", the same fields in the same order on both forms.</summary>
    public static string Render(FamilyFormState state, DateOnly today, FamilyFieldHints hints)
    {
        var html = new StringBuilder();
        html.Append("<h2>About you</h2>");
        html.Append(TextField(state, FieldNames.ParentName, "Your name", state.ParentName, "text", "name", null));
        html.Append(TextField(state, FieldNames.Email, "Email address", state.Email, "email", "email", hints.Email, extra: " spellcheck=\"false\" autocapitalize=\"off\""));
        html.Append(TextField(state, FieldNames.Phone, "Phone number (optional)", state.Phone, "tel", "tel", hints.Phone));
        html.Append("<h2>About your baby</h2>");
        // Not autocomplete="given-name"/"bday": those would fill in the parent's own name and birthday.
        html.Append(TextField(state, FieldNames.BabyFirstName, "Baby's first name", state.BabyFirstName, "text", "off", null));
        html.Append(TextField(state, FieldNames.BabyDateOfBirth, "Baby's date of birth", state.BabyDateOfBirth, "date", "off",
            hints.BabyDateOfBirth, extra: $" max=\"{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\""));
        return html.ToString();
    }
}
