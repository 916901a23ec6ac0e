namespace HappyBabyHive.Pages.Forms;

/// <summary>
/// The ids every form part uses, spelled once: forms.js finds a field's error slot by <c>{name}-error</c> and its hint
/// by <c>data-hint-id</c>, and the error summary links to <c>#f-{name}</c>, so these must not change.
/// </summary>
public static class FieldIds
{
    /// <summary>The control's id: the error summary's link target and the label's <c>for</c>.</summary>
    public static string Control(string name) => "f-" + name;

    public static string Error(string name) => name + "-error";

    public static string Hint(string name) => name + "-hint";

    /// <summary>One radio of a group. The first takes the field's own id, so the summary's link lands on it.</summary>
    public static string Option(string name, string value, bool first) => first ? Control(name) : Control(name) + "-" + value;

    /// <summary>aria-describedby for a control: its hint, then its error; null (no attribute) when it has neither.</summary>
    public static string? DescribedBy(string name, string? hint, string? error) =>
        (hint, error) switch
        {
            (null, null) => null,
            (_, null) => Hint(name),
            (null, _) => Error(name),
            _ => Hint(name) + " " + Error(name),
        };

    /// <summary>aria-invalid="true" while the field has an error; null drops the attribute.</summary>
    public static string? Invalid(string? error) => error is null ? null : "true";

    /// <summary>The field's container class; "invalid" draws the red bar forms.js also adds and removes.</summary>
    public static string ContainerClass(string? error) => error is null ? "field" : "field invalid";
}
