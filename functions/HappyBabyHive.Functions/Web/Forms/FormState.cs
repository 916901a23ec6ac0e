namespace HappyBabyHive.Web.Forms;

/// <summary>
/// What every public form keeps between a post and its re-shown page: the field errors, a problem that belongs to no
/// one field, and the honeypot. Each form's own record adds what the parent typed, kept exactly so nothing is lost.
/// </summary>
public abstract record FormState
{
    /// <summary>Field errors keyed by the field's name (the API's camelCase names).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>A problem that belongs to no one field (busy, too many attempts), shown in the summary.</summary>
    public string? Message { get; init; }

    /// <summary>Honeypot: hidden from people, so only bots fill it in.</summary>
    public string? LeaveThisEmpty { get; init; }

    public bool HasProblems => Errors.Count > 0 || Message is not null;

    /// <summary>Every message for the field as one sentence run, or null when the field is fine.</summary>
    public string? ErrorFor(string field) =>
        Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    /// <summary>A copy of the state with one field's error (e.g. the chosen course closed meanwhile) and nothing else wrong.</summary>
    public static TState WithFieldError<TState>(TState state, string field, string message)
        where TState : FormState =>
        (TState)((FormState)state with { Errors = new Dictionary<string, string[]> { [field] = [message] } });

    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    /// <summary>The posted key when it is plausible, else a new one (so a tampered or missing key is just a new form).</summary>
    protected static string IdempotencyKeyFrom(IReadOnlyDictionary<string, string> form) =>
        Posted(form, FieldNames.IdempotencyKey) is { Length: > 0 and <= 100 } key ? key : NewIdempotencyKey();

    protected static string? Posted(IReadOnlyDictionary<string, string> form, string name) => form.TryGetValue(name, out var value) ? value : null;

    /// <summary>A ticked box posts "true" (our markup) or "on" (a browser's default for a box without a value).</summary>
    protected static bool IsTicked(IReadOnlyDictionary<string, string> form, string name) => Posted(form, name) is "true" or "on";
}

/// <summary>
/// Field names shared by the forms and the JSON APIs they enhance into: the script posts each field under its name,
/// so the names are the APIs' property names.
/// </summary>
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
    public const string ReferralSource = "referralSource";
    public const string Note = "note";
    public const string ConsentToStore = "consentToStore";
    public const string FirstName = "firstName";
    public const string Consent = "consent";
    public const string LeaveThisEmpty = "leaveThisEmpty";
    public const string IdempotencyKey = "idempotencyKey";
}
