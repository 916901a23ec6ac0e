using System.Globalization;
using FluentValidation;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Settings;

public sealed partial class BusinessSettingsInputValidator : AbstractValidator<BusinessSettingsInput>
{
    public const int MaxSignpostingLength = 2000;

    /// <summary>The names the API and the console's form use for <see cref="Settings.WaitlistFill"/>.</summary>
    public const string OfferValue = "offer";
    public const string BookStraightInValue = "book-straight-in";

    /// <summary>Four weeks: a course is rarely advertised longer before it starts, so a longer wait would release every free place on the day they are set aside.</summary>
    public const int MaxReleaseDays = 28;

    public const int MaxPaymentNameLength = 100;
    public const int MaxPaymentInstructionsLength = 1000;

    /// <summary>UK Faster Payments carry 18 characters of reference; the booking reference (9) and a space must fit after this.</summary>
    public const int MaxReferenceToQuoteLength = 8;

    public BusinessSettingsInputValidator()
    {
        RuleFor(s => s.DeclineSignposting).Cascade(CascadeMode.Stop)
            .Must(v => FreeTextRules.Normalise(v) is not null)
            .WithMessage("Please write where families can find support. It goes at the end of every free-place decline email.")
            .Must(v => FreeTextRules.Normalise(v)!.Length <= MaxSignpostingLength)
            .WithMessage($"Please keep this to {MaxSignpostingLength} characters or fewer.")
            .Must(v => !v!.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            .WithMessage("Please use ordinary text only.");
        RuleFor(s => s.DonationPercent).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give the percentage of each course fee that goes to the charity, e.g. 10.")
            .Must(v => TryParsePercent(v, out _)).WithMessage("Please give the percentage as a number, e.g. 10 or 12.5.")
            .Must(v => TryParsePercent(v, out var p) && p is >= 0 and <= 100).WithMessage("The percentage must be between 0 and 100.")
            .Must(v => TryParsePercent(v, out var p) && decimal.Round(p, 1) == p).WithMessage("Please use at most one decimal place, e.g. 12.5.");
        RuleFor(s => s.WaitlistFill)
            .Must(v => TryParseWaitlistFill(v, out _))
            .WithMessage("Please choose whether waiting families are offered new places by email or booked straight in.");
        RuleFor(s => s.ReleaseFreePlacesDaysBefore).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give the number of days before the start, e.g. 7.")
            .Must(v => TryParseDays(v, out _)).WithMessage("Please give the days as a whole number, e.g. 7.")
            .Must(v => TryParseDays(v, out var d) && d is >= 1 and <= MaxReleaseDays).WithMessage($"The number of days must be between 1 and {MaxReleaseDays}.")
            .When(s => s.ReleaseFreePlacesDaysBefore is not null);
        RuleFor(s => s.RefundDaysBefore).Cascade(CascadeMode.Stop)
            .Must(v => TryParseDays(v, out _)).WithMessage("Please give the days as a whole number, e.g. 7 (0 means families are refunded right up to the start).")
            .Must(v => TryParseDays(v, out var d) && d is >= 0 and <= Courses.Refunds.RefundPolicy.MaxDaysBefore)
            .WithMessage($"The number of days must be between 0 and {Courses.Refunds.RefundPolicy.MaxDaysBefore}.")
            .When(s => !string.IsNullOrWhiteSpace(s.RefundDaysBefore));
        RuleFor(s => s.PaymentAccountName).Must(v => IsShortText(v, MaxPaymentNameLength))
            .WithMessage($"Please keep the account name to {MaxPaymentNameLength} characters of ordinary text.");
        RuleFor(s => s.PaymentBankName).Must(v => IsShortText(v, MaxPaymentNameLength))
            .WithMessage($"Please keep the bank's name to {MaxPaymentNameLength} characters of ordinary text.");
        RuleFor(s => s.PaymentSortCode).Must(v => string.IsNullOrWhiteSpace(v) || NormaliseSortCode(v) is not null)
            .WithMessage("Please give the sort code as six digits, e.g. 12-34-56.");
        RuleFor(s => s.PaymentAccountNumber).Must(v => string.IsNullOrWhiteSpace(v) || NormaliseAccountNumber(v) is not null)
            .WithMessage("Please give the account number as eight digits, e.g. 12345678.");
        RuleFor(s => s.PaymentSortCode).Must((s, v) => string.IsNullOrWhiteSpace(v) == string.IsNullOrWhiteSpace(s.PaymentAccountNumber))
            .WithMessage("Please give both the sort code and the account number, or neither.");
        RuleFor(s => s.PaymentReferenceToQuote)
            .Must(v => string.IsNullOrWhiteSpace(v) || ReferencePrefix().IsMatch(v.Trim()))
            .WithMessage($"Please keep the reference to {MaxReferenceToQuoteLength} letters or digits (the booking reference is added after it), e.g. HBH.");
        RuleFor(s => s.PaymentInstructions).Cascade(CascadeMode.Stop)
            .Must(v => FreeTextRules.Normalise(v) is not { Length: > MaxPaymentInstructionsLength })
            .WithMessage($"Please keep this to {MaxPaymentInstructionsLength} characters or fewer.")
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            .WithMessage("Please use ordinary text only.");
    }

    /// <summary>The payment details as stored and shown: trimmed, empty as null, the sort code as 12-34-56.</summary>
    public static PaymentDetails ParsePaymentDetails(BusinessSettingsInput input) => new(
        Short(input.PaymentAccountName),
        Short(input.PaymentBankName),
        NormaliseSortCode(input.PaymentSortCode),
        NormaliseAccountNumber(input.PaymentAccountNumber),
        string.IsNullOrWhiteSpace(input.PaymentReferenceToQuote) ? null : input.PaymentReferenceToQuote.Trim().ToUpperInvariant(),
        FreeTextRules.Normalise(input.PaymentInstructions));

    public static string? NormaliseSortCode(string? value)
    {
        var digits = Digits(value, allowed: " -");
        return digits is { Length: 6 } ? $"{digits[..2]}-{digits[2..4]}-{digits[4..]}" : null;
    }

    public static string? NormaliseAccountNumber(string? value) => Digits(value, allowed: " ") is { Length: 8 } digits ? digits : null;

    private static string? Digits(string? value, string allowed)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(c => !char.IsAsciiDigit(c) && !allowed.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }

        return new string([.. value.Where(char.IsAsciiDigit)]);
    }

    private static bool IsShortText(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) || (value.Trim().Length <= max && !value.Any(char.IsControl));

    private static string? Short(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9]{1,8}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReferencePrefix();

    /// <summary>"offer" or "book-straight-in" (any case, trimmed); missing or empty means the default, offer.</summary>
    public static bool TryParseWaitlistFill(string? value, out WaitlistFill fill)
    {
        fill = WaitlistFill.Offer;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or OfferValue:
                return true;
            case BookStraightInValue:
                fill = WaitlistFill.BookStraightIn;
                return true;
            default:
                return false;
        }
    }

    public static string WaitlistFillValue(WaitlistFill fill) => fill == WaitlistFill.BookStraightIn ? BookStraightInValue : OfferValue;

    public static bool TryParseDays(string? value, out int days) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out days);

    /// <summary>"10", "12.5" or "12.5%"; invariant culture, so a comma is never a decimal point.</summary>
    public static bool TryParsePercent(string? value, out decimal percent)
    {
        var text = value?.Trim().TrimEnd('%').TrimEnd();
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out percent);
    }
}
