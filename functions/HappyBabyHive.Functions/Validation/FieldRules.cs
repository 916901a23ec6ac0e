using System.Globalization;
using FluentValidation;
using MimeKit;

namespace HappyBabyHive.Validation;

/// <summary>Rules shared by every public form: names, email addresses, phone numbers and dates of birth.</summary>
public static class FieldRules
{
    public const int MaxNameLength = 100;
    public const int MaxBabyNameLength = 50;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 30;

    public static IRuleBuilderOptions<T, string?> PersonName<T>(this IRuleBuilderInitial<T, string?> rule, string missingMessage, int maxLength = MaxNameLength) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(missingMessage)
            .Must(v => v!.Trim().Length <= maxLength).WithMessage($"Please keep this to {maxLength} characters or fewer.")
            .Must(v => !HasControlCharacters(v!)).WithMessage("Please use letters, spaces and ordinary punctuation only.");

    public static IRuleBuilderOptions<T, string?> EmailAddress<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give an email address so we can send your confirmation.")
            .Must(v => v!.Trim().Length <= MaxEmailLength).WithMessage("That email address is too long.")
            .Must(IsPlainEmailAddress).WithMessage("That doesn't look like an email address. Please check it, e.g. name@example.co.uk.");

    public static IRuleBuilderOptions<T, string?> OptionalPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => string.IsNullOrWhiteSpace(v) || (v.Trim().Length <= MaxPhoneLength && v.Trim().All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-')))
            .WithMessage("Please use digits, spaces and + only, e.g. 07700 900123.");

    public static IRuleBuilderOptions<T, string?> DateOfBirth<T>(this IRuleBuilderInitial<T, string?> rule, TimeProvider time) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give your baby's date of birth.")
            .Must(v => TryParseDate(v, out _)).WithMessage("Please give the date as year-month-day, e.g. 2026-09-14.")
            .Must(v => TryParseDate(v, out var dob) && dob <= Time.UkTime.Today(time)).WithMessage("The date of birth can't be in the future.")
            .Must(v => TryParseDate(v, out var dob) && dob > Time.UkTime.Today(time).AddYears(-5)).WithMessage("Please check the year of birth.");

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A bare address (no display name, no comments, no line breaks) with a dotted domain.</summary>
    public static bool IsPlainEmailAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || HasControlCharacters(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        return MailboxAddress.TryParse(trimmed, out var mailbox) &&
            string.Equals(mailbox.Address, trimmed, StringComparison.Ordinal) &&
            string.IsNullOrEmpty(mailbox.Name) &&
            mailbox.Domain.Contains('.', StringComparison.Ordinal) &&
            !mailbox.Domain.EndsWith('.') &&
            mailbox.LocalPart.Length > 0;
    }

    /// <summary>CR, LF and other control characters never belong in a form field and must never reach an email header.</summary>
    public static bool HasControlCharacters(string value) => value.Any(char.IsControl);
}
