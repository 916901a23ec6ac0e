using System.Globalization;
using FluentValidation;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Time;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// Checks a course as the owner typed it, with one specific message per field (keyed by the camelCase field name).
/// A new course can't start in the past; an edited one may keep a first date that has passed (so a course in progress
/// can still have its venue corrected), but can't be moved into the past: see <see cref="ForNew"/> and <see cref="ForEdit"/>.
/// </summary>
public sealed class CourseDetailsValidator : AbstractValidator<CourseDetails>
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxVenueLength = 150;
    public const int MaxVenueAddressLength = 200;
    public const int MaxAgeDescriptionLength = 100;
    public const int MaxWeeks = 16;
    public const int MaxCapacity = 30;
    public const int MaxAgeWeeks = 104;
    public const int MaxPricePence = 100_000;
    public const int MaxSkipDates = 8;

    private const string KeepFirstDateKey = "keepFirstDate";

    public CourseDetailsValidator(TimeProvider time)
    {
        RuleFor(d => d.Kind)
            .Must(v => TryParseKind(v, out _)).WithMessage("Please choose baby massage or baby yoga.");
        RuleFor(d => d.Title).Line("Please give the course a title, e.g. Baby Massage for Little Ones.", MaxTitleLength);
        RuleFor(d => d.Description).Cascade(CascadeMode.Stop)
            .Must(v => FreeTextRules.Normalise(v) is not null).WithMessage("Please describe the course in a sentence or two. Parents read this when they choose a course.")
            .Must(v => FreeTextRules.Normalise(v)!.Length <= MaxDescriptionLength).WithMessage($"Please keep this to {MaxDescriptionLength} characters or fewer.")
            .Must(v => !v!.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))).WithMessage("Please use ordinary text only.");
        RuleFor(d => d.Venue).Line("Please say where the course is, e.g. The Hive Room, Cottingham.", MaxVenueLength);
        RuleFor(d => d.VenueAddress).Cascade(CascadeMode.Stop)
            .Must(v => v is null || v.Trim().Length <= MaxVenueAddressLength).WithMessage($"Please keep this to {MaxVenueAddressLength} characters or fewer.")
            .Must(v => v is null || !FieldRules.HasControlCharacters(v)).WithMessage("Please use letters, numbers, spaces and ordinary punctuation only.");

        RuleFor(d => d.FirstSessionDate).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give the date of the first session.")
            .Must(v => FieldRules.TryParseDate(v, out _)).WithMessage("Please give the date as year-month-day, e.g. 2027-03-02.")
            .Must((d, v, context) => FieldRules.TryParseDate(v, out var date) &&
                (date >= UkTime.Today(time) || (context.RootContextData.TryGetValue(KeepFirstDateKey, out var kept) && kept is DateOnly same && same == date)))
            .WithMessage("The first session can't be in the past. Please choose today or a later date.")
            .Must(v => FieldRules.TryParseDate(v, out var date) && date <= UkTime.Today(time).AddYears(2))
            .WithMessage("Please check the year: that date is more than two years away.");

        RuleFor(d => d.StartTime).Time("Please give the start time, e.g. 10:00.");
        RuleFor(d => d.EndTime)
            .Time("Please give the end time, e.g. 11:00.")
            .Must((d, v) => !TryParseTime(d.StartTime, out var start) || (TryParseTime(v, out var end) && end > start))
            .WithMessage("The end time must be after the start time.");

        RuleFor(d => d.Weeks).WholeNumber("Please say how many weeks the course runs, e.g. 5.", 1, MaxWeeks, $"A course runs for 1 to {MaxWeeks} weeks.");
        RuleFor(d => d.SkipDates).Custom(CheckSkipDates);

        RuleFor(d => d.Capacity).WholeNumber("Please say how many babies the course takes.", 1, MaxCapacity, $"A course takes between 1 and {MaxCapacity} babies.");
        RuleFor(d => d.FreePlaces)
            .WholeNumber("Please say how many free places to set aside (0 if none).", 0, MaxCapacity, $"Please set aside between 0 and {MaxCapacity} free places.")
            .Must((d, v) => !TryParseWhole(d.Capacity, out var capacity) || capacity is < 1 or > MaxCapacity || (TryParseWhole(v, out var free) && free <= capacity))
            .WithMessage(d => $"Free places are set aside out of the capacity, so there can't be more than {d.Capacity!.Trim()}.");

        RuleFor(d => d.Price).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Please give the price of the whole course in pounds, e.g. 60 or 59.50.")
            .Must(v => TryParsePounds(v, out _)).WithMessage("Please give the price as a number of pounds, e.g. 60 or 59.50.")
            .Must(v => TryParsePounds(v, out var pounds) && pounds is >= 0 and <= MaxPricePence / 100).WithMessage("The price must be between £0 and £1,000.")
            .Must(v => TryParsePricePence(v, out _)).WithMessage("Please give the price in pounds and pence, e.g. 59.50.");
        RuleFor(d => d.PayAnotherWayAllowed)
            .Must((d, allowed) => allowed != true || !TryParsePricePence(d.Price, out var pence) || pence > 0)
            .WithMessage("This course is free, so there is nothing to pay by bank transfer or cash. Untick it, or give the course a price.");

        RuleFor(d => d.BabyAgeFromWeeks).WholeNumber("Please give the youngest age in weeks, e.g. 6.", 0, MaxAgeWeeks, $"Please give an age from 0 to {MaxAgeWeeks} weeks (two years).");
        RuleFor(d => d.BabyAgeToWeeks)
            .WholeNumber("Please give the oldest age in weeks, e.g. 30.", 0, MaxAgeWeeks, $"Please give an age from 0 to {MaxAgeWeeks} weeks (two years).")
            .Must((d, v) => !TryParseWhole(d.BabyAgeFromWeeks, out var from) || from is < 0 or > MaxAgeWeeks || (TryParseWhole(v, out var to) && to >= from))
            .WithMessage("The oldest age can't be younger than the youngest age.");
        RuleFor(d => d.BabyAgeDescription).Line("Please describe the age range for parents, e.g. 6 weeks to not yet crawling.", MaxAgeDescriptionLength);
    }

    /// <summary>Validation options for a new course: its first session can't be in the past.</summary>
    public static ValidationContext<CourseDetails> ForNew(CourseDetails details) => new(details);

    /// <summary>For an edit: a first date that has passed may stay as it is (the course is under way), but a changed one can't be in the past.</summary>
    public static ValidationContext<CourseDetails> ForEdit(CourseDetails details, DateOnly currentFirstDate)
    {
        var context = new ValidationContext<CourseDetails>(details);
        context.RootContextData[KeepFirstDateKey] = currentFirstDate;
        return context;
    }

    private static void CheckSkipDates(IReadOnlyList<string>? skipDates, ValidationContext<CourseDetails> context)
    {
        if (skipDates is null || skipDates.Count == 0)
        {
            return;
        }

        var field = nameof(CourseDetails.SkipDates);
        if (skipDates.Count > MaxSkipDates)
        {
            context.AddFailure(field, $"Please skip no more than {MaxSkipDates} weeks.");
            return;
        }

        var details = context.InstanceToValidate;
        var dates = new List<DateOnly>();
        foreach (var text in skipDates)
        {
            if (!FieldRules.TryParseDate(text, out var date))
            {
                context.AddFailure(field, $"\"{Shorten(text)}\" isn't a date. Please give skipped dates as year-month-day, e.g. 2027-04-06.");
                return;
            }

            if (dates.Contains(date))
            {
                context.AddFailure(field, $"{Words(date)} is listed twice.");
                return;
            }

            dates.Add(date);
        }

        // The rest depends on the first date and the weeks; their own messages cover them when they are wrong.
        if (!FieldRules.TryParseDate(details.FirstSessionDate, out var first) || !TryParseWhole(details.Weeks, out var weeks) || weeks is < 1 or > MaxWeeks)
        {
            return;
        }

        var weekday = UkDateFormat.Culture.DateTimeFormat.GetDayName(first.DayOfWeek);
        var sessions = CourseSchedule.SessionDates(first, weeks, dates);
        foreach (var date in dates.Order())
        {
            if (date.DayOfWeek != first.DayOfWeek)
            {
                context.AddFailure(field, $"{Words(date)} is a {UkDateFormat.Culture.DateTimeFormat.GetDayName(date.DayOfWeek)}, but the course runs on {weekday}s.");
            }
            else if (date <= first)
            {
                context.AddFailure(field, $"{Words(date)} is not after the first session on {Words(first)}. To start later, change the first session date instead.");
            }
            else if (date > sessions[^1])
            {
                context.AddFailure(field, $"{Words(date)} is after the last session on {Words(sessions[^1])}, so there is nothing to skip.");
            }
        }
    }

    private static string Words(DateOnly date) => date.ToString("dddd d MMMM yyyy", UkDateFormat.Culture);

    private static string Shorten(string? text) => (text ?? string.Empty).Length > 20 ? text![..20] + "…" : text ?? string.Empty;

    public static bool TryParseKind(string? value, out CourseKind kind)
    {
        var text = value?.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        kind = default;
        return !string.IsNullOrEmpty(text) && !int.TryParse(text, out _) &&
            Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    public static bool TryParseTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static bool TryParseWhole(string? value, out int number) =>
        int.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);

    private static bool TryParsePounds(string? value, out decimal pounds)
    {
        var text = value?.Trim().TrimStart('£').Trim();
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pounds);
    }

    /// <summary>"60", "£59.50" or "59.5" as pence; false unless 0–£1,000 with at most two decimal places.</summary>
    public static bool TryParsePricePence(string? value, out int pence)
    {
        pence = 0;
        if (!TryParsePounds(value, out var pounds) || pounds is < 0 or > MaxPricePence / 100 || decimal.Round(pounds, 2) != pounds)
        {
            return false;
        }

        pence = (int)(pounds * 100);
        return true;
    }
}

internal static class CourseFieldRules
{
    /// <summary>A required single line of text.</summary>
    public static IRuleBuilderOptions<T, string?> Line<T>(this IRuleBuilderInitial<T, string?> rule, string missingMessage, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(missingMessage)
            .Must(v => v!.Trim().Length <= maxLength).WithMessage($"Please keep this to {maxLength} characters or fewer.")
            .Must(v => !FieldRules.HasControlCharacters(v!)).WithMessage("Please keep this to one line of ordinary text.");

    public static IRuleBuilderOptions<T, string?> Time<T>(this IRuleBuilderInitial<T, string?> rule, string missingMessage) =>
        rule.Cascade(CascadeMode.Stop).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(missingMessage)
            .Must(v => CourseDetailsValidator.TryParseTime(v, out _)).WithMessage("Please give the time on the 24-hour clock as hours:minutes, e.g. 10:00 or 13:30.");

    public static IRuleBuilderOptions<T, string?> WholeNumber<T>(this IRuleBuilderInitial<T, string?> rule, string missingMessage, int min, int max, string rangeMessage) =>
        rule.Cascade(CascadeMode.Stop).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(missingMessage)
            .Must(v => CourseDetailsValidator.TryParseWhole(v, out _)).WithMessage("Please give a whole number, e.g. 5.")
            .Must(v => CourseDetailsValidator.TryParseWhole(v, out var n) && n >= min && n <= max).WithMessage(rangeMessage);
}
