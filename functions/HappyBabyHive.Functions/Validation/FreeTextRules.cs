using FluentValidation;

namespace HappyBabyHive.Validation;

/// <summary>
/// How free text (notes, messages, signposting) is checked and stored, the same wherever a person types it: shared by
/// free-place requests, course details and business settings, so it lives below all of them.
/// </summary>
public static class FreeTextRules
{
    /// <summary>Optional multi-line text (a note or a message): line breaks and tabs are fine, other control characters are not.</summary>
    public static IRuleBuilderOptions<T, string?> FreeText<T>(this IRuleBuilderInitial<T, string?> rule, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => (Normalise(v)?.Length ?? 0) <= maxLength).WithMessage($"Please keep this to {maxLength} characters or fewer.")
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))).WithMessage("Please use ordinary text only.");

    /// <summary>Trims, turns Windows line endings into \n, and makes blank text null.</summary>
    public static string? Normalise(string? value)
    {
        var text = value?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
