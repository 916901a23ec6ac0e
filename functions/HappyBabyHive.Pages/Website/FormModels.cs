using HappyBabyHive.Pages.Forms;

namespace HappyBabyHive.Pages.Website;

/// <summary>What is wrong with a posted form: field errors by the field's name, and a problem that belongs to no one field.</summary>
public sealed record FormProblems(IReadOnlyDictionary<string, string[]> Errors, string? Message)
{
    public static FormProblems None { get; } = new(new Dictionary<string, string[]>(), null);

    /// <summary>Every message for the field as one sentence run, or null when the field is fine.</summary>
    public string? For(string field) =>
        Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    public ErrorSummaryModel Summary(IReadOnlyList<string> fieldOrder) => ErrorSummaryModel.From(Errors, Message, fieldOrder);
}

/// <summary>The parent and baby as typed on the booking and free-place forms, kept exactly.</summary>
public sealed record FamilyDetails(string? ParentName, string? Email, string? Phone, string? BabyFirstName, string? BabyDateOfBirth);

/// <summary>The hints that differ between the forms' "About you" and "About your baby" sections.</summary>
public sealed record FamilyHints(string Email, string Phone, string BabyDateOfBirth);

/// <summary>"About you" and "About your baby": the same fields in the same order on both forms.</summary>
/// <param name="Today">The UK date, the latest a date of birth can be.</param>
public sealed record FamilyFieldsModel(FamilyDetails Details, FormProblems Problems, DateOnly Today, FamilyHints Hints);

/// <summary>The names every public form posts, which are also the JSON APIs' property names (forms.js sends the same fields).</summary>
public static class FieldNames
{
    public const string CourseId = "courseId";
    public const string ParentName = "parentName";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string BabyFirstName = "babyFirstName";
    public const string BabyDateOfBirth = "babyDateOfBirth";
    public const string AcceptTerms = "acceptTerms";
    public const string WellbeingTipsOptIn = "wellbeingTipsOptIn";
    public const string PaymentMethod = "paymentMethod";
    public const string ReferralSource = "referralSource";
    public const string Note = "note";
    public const string ConsentToStore = "consentToStore";
    public const string FirstName = "firstName";
    public const string Consent = "consent";
    public const string LeaveThisEmpty = "leaveThisEmpty";
    public const string IdempotencyKey = "idempotencyKey";
    public const string FormToken = "formToken";
}
