using System.ComponentModel.DataAnnotations;
using HappyBabyHive.Configuration;

namespace HappyBabyHive.Tests.Forms;

/// <summary>Business:TermsUrl is optional, and when set must be a full https address (validated at start-up).</summary>
public sealed class TermsUrlSettingTests
{
    private static List<ValidationResult> Validate(string? termsUrl)
    {
        var options = new BusinessOptions { OwnerEmail = "owner@happybabyhive.test", PublicBaseUrl = "https://func.example.net", TermsUrl = termsUrl };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://www.happybabyhive.co.uk/booking-terms")]
    public void No_address_or_an_https_one_is_fine(string? termsUrl) => Assert.Empty(Validate(termsUrl));

    [Theory]
    [InlineData("http://www.happybabyhive.co.uk/booking-terms")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/booking-terms")]
    [InlineData("www.happybabyhive.co.uk/terms")]
    [InlineData("https://user:secret@www.happybabyhive.co.uk/terms")]
    [InlineData(" ")]
    public void Anything_else_is_refused_with_a_message_that_says_what_to_fix(string termsUrl)
    {
        var error = Assert.Single(Validate(termsUrl));

        Assert.Equal([nameof(BusinessOptions.TermsUrl)], error.MemberNames);
        Assert.Contains("must be a full https address", error.ErrorMessage, StringComparison.Ordinal);
    }
}
