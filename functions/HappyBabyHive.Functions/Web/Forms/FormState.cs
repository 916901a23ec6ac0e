using HappyBabyHive.Pages.Website;

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

    /// <summary>The form token posted back (or, on a re-shown form, the next one to post); see <c>PublicPostGuard</c>.</summary>
    public string? FormToken { get; init; }

    /// <summary>Honeypot: hidden from people, so only bots fill it in.</summary>
    public string? LeaveThisEmpty { get; init; }

    public bool HasProblems => Errors.Count > 0 || Message is not null;

    /// <summary>The errors and message as the page shows them.</summary>
    public FormProblems Problems => new(Errors, Message);

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
