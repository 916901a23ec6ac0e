using HappyBabyHive.Settings;

namespace HappyBabyHive.Tests.Payments;

/// <summary>The owner's pay-another-way details and refund policy in Settings: what is accepted, how it is normalised, and the message for what isn't.</summary>
public sealed class SettingsPaymentDetailsTests
{
    private static readonly BusinessSettingsInput Valid = new() { DeclineSignposting = "Ask your health visitor.", DonationPercent = "10" };
    private readonly BusinessSettingsInputValidator validator = new();

    [Fact]
    public void Bank_details_are_normalised_as_the_email_shows_them()
    {
        var input = Valid with { PaymentSortCode = " 12 34 56 ", PaymentAccountNumber = "1234 5678", PaymentReferenceToQuote = "hbh", PaymentBankName = " Starling ", PaymentInstructions = "  Cash at the first session is fine.  " };

        Assert.True(validator.Validate(input).IsValid);
        Assert.Equal(
            new PaymentDetails(null, "Starling", "12-34-56", "12345678", "HBH", "Cash at the first session is fine."),
            BusinessSettingsInputValidator.ParsePaymentDetails(input));
    }

    [Theory]
    [InlineData("12-34-5", "12345678", "PaymentSortCode")]
    [InlineData("12-34-56", "1234567", "PaymentAccountNumber")]
    [InlineData("12-34-56", null, "PaymentSortCode")]
    [InlineData("ab-cd-ef", "12345678", "PaymentSortCode")]
    public void Half_or_malformed_bank_details_are_refused_by_field(string? sortCode, string? accountNumber, string field)
    {
        var result = validator.Validate(Valid with { PaymentSortCode = sortCode, PaymentAccountNumber = accountNumber });

        Assert.Contains(result.Errors, e => e.PropertyName == field);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("7", true)]
    [InlineData("60", true)]
    [InlineData("61", false)]
    [InlineData("-1", false)]
    [InlineData("seven", false)]
    [InlineData(null, true)]
    public void The_refund_policy_takes_0_to_60_days(string? days, bool valid)
    {
        Assert.Equal(valid, validator.Validate(Valid with { RefundDaysBefore = days }).IsValid);
    }

    [Theory]
    [InlineData("HBH", true)]
    [InlineData("TOOLONGREF", false)]
    [InlineData("HB H", false)]
    [InlineData("Line\nbreak", false)]
    public void The_reference_to_quote_is_a_short_word_so_it_fits_a_bank_reference(string reference, bool valid)
    {
        Assert.Equal(valid, validator.Validate(Valid with { PaymentReferenceToQuote = reference }).IsValid);
    }
}
