namespace HappyBabyHive.WellbeingTips;

/// <summary>One weekly wellbeing tip, as the owner wrote it in Content/Tips (front matter plus a plain-text body).</summary>
public sealed record Tip
{
    public required string Id { get; init; }
    public required int Order { get; init; }
    public required string Title { get; init; }
    public required string Theme { get; init; }
    public required int BabyAgeFromWeeks { get; init; }
    public required int BabyAgeToWeeks { get; init; }
    public required string TryThisWeek { get; init; }
    public required bool Signposting { get; init; }

    /// <summary>The body as plain paragraphs (blank lines split them). Never HTML: render with <see cref="TipText"/>.</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }
}

public static class TipThemes
{
    public const string InfantMentalHealth = "infant-mental-health";
    public const string ServeAndReturn = "serve-and-return";
    public const string TouchAndMassage = "touch-and-massage";
    public const string GoodEnoughParenting = "good-enough-parenting";
    public const string ParentWellbeing = "parent-wellbeing";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        InfantMentalHealth, ServeAndReturn, TouchAndMassage, GoodEnoughParenting, ParentWellbeing,
    };
}
