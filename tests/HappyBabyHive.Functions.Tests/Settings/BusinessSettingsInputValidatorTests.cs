using HappyBabyHive.Settings;

namespace HappyBabyHive.Tests.Settings;

public sealed class BusinessSettingsInputValidatorTests
{
    private readonly BusinessSettingsInputValidator validator = new();

    private static BusinessSettingsInput Valid() => new() { DeclineSignposting = "Your health visitor can help.", DonationPercent = "10" };

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    [InlineData("12.5")]
    [InlineData(" 12.5% ")]
    [InlineData("100")]
    public void Accepts_percentages_from_0_to_100_with_one_decimal_place(string percent) =>
        Assert.True(validator.Validate(Valid() with { DonationPercent = percent }).IsValid);

    [Theory]
    [InlineData(null, "Please give the percentage of each course fee that goes to the charity, e.g. 10.")]
    [InlineData("ten", "Please give the percentage as a number, e.g. 10 or 12.5.")]
    [InlineData("12,5", "Please give the percentage as a number, e.g. 10 or 12.5.")]
    [InlineData("-1", "The percentage must be between 0 and 100.")]
    [InlineData("100.1", "The percentage must be between 0 and 100.")]
    [InlineData("12.25", "Please use at most one decimal place, e.g. 12.5.")]
    public void Refuses_a_bad_percentage_with_one_specific_message(string? percent, string message)
    {
        var result = validator.Validate(Valid() with { DonationPercent = percent });

        Assert.Equal(message, Assert.Single(result.Errors).ErrorMessage);
        Assert.Equal("DonationPercent", result.Errors[0].PropertyName);
    }

    [Theory]
    [InlineData(null, "Please write where families can find support. It goes at the end of every free-place decline email.")]
    [InlineData("   \n ", "Please write where families can find support. It goes at the end of every free-place decline email.")]
    [InlineData("Call \u0007 us", "Please use ordinary text only.")]
    public void Refuses_missing_or_odd_signposting(string? text, string message) =>
        Assert.Equal(message, Assert.Single(validator.Validate(Valid() with { DeclineSignposting = text }).Errors).ErrorMessage);

    [Fact]
    public void Signposting_may_have_line_breaks_but_not_more_than_2000_characters()
    {
        Assert.True(validator.Validate(Valid() with { DeclineSignposting = "Line one\r\nLine two" }).IsValid);
        Assert.True(validator.Validate(Valid() with { DeclineSignposting = new string('a', 2000) }).IsValid);
        Assert.Equal(
            "Please keep this to 2000 characters or fewer.",
            Assert.Single(validator.Validate(Valid() with { DeclineSignposting = new string('a', 2001) }).Errors).ErrorMessage);
    }
}
