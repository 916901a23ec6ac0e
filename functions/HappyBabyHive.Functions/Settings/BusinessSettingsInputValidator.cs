using System.Globalization;
using FluentValidation;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Settings;

public sealed class BusinessSettingsInputValidator : AbstractValidator<BusinessSettingsInput>
{
    public const int MaxSignpostingLength = 2000;

    /// <summary>The names the API and the console's form use for <see cref="Settings.WaitlistFill"/>.</summary>
    public const string OfferValue = "offer";
    public const string BookStraightInValue = "book-straight-in";

    /// <summary>Four weeks: a course is rarely advertised longer before it starts, so a longer wait would release every free place on the day they are set aside.</summary>
    public const int MaxReleaseDays = 28;

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
    }

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
