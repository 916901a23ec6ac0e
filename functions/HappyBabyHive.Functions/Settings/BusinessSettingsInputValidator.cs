using System.Globalization;
using FluentValidation;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Settings;

public sealed class BusinessSettingsInputValidator : AbstractValidator<BusinessSettingsInput>
{
    public const int MaxSignpostingLength = 2000;

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
    }

    /// <summary>"10", "12.5" or "12.5%"; invariant culture, so a comma is never a decimal point.</summary>
    public static bool TryParsePercent(string? value, out decimal percent)
    {
        var text = value?.Trim().TrimEnd('%').TrimEnd();
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out percent);
    }
}
