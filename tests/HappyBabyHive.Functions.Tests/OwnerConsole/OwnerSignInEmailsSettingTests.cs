using System.ComponentModel.DataAnnotations;
using HappyBabyHive.Configuration;
using HappyBabyHive.OwnerConsole;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>Owner:SignInEmails (azd OWNER_SIGN_IN_EMAILS): extra owner addresses as one comma-separated setting.</summary>
public sealed class OwnerSignInEmailsSettingTests
{
    private static OwnerAddresses Owners(OwnerConsoleOptions options) =>
        new(Options.Create(options), Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test", PublicBaseUrl = "https://app.happybabyhive.test" }));

    private static List<ValidationResult> Validate(OwnerConsoleOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void Empty_means_only_the_owner(string? setting) =>
        Assert.Equal(["owner@happybabyhive.test"], Owners(new OwnerConsoleOptions { SignInEmails = setting }).All);

    [Fact]
    public void Extra_addresses_add_to_the_owner_and_to_owner_emails_never_replacing_them()
    {
        Assert.Equal(
            ["owner@happybabyhive.test", "helper@example.co.uk", "partner@example.co.uk"],
            Owners(new OwnerConsoleOptions { SignInEmails = " Helper@Example.co.uk,partner@example.co.uk ,, owner@happybabyhive.test" }).All);
        Assert.Equal(
            ["first@example.co.uk", "helper@example.co.uk"],
            Owners(new OwnerConsoleOptions { Emails = ["first@example.co.uk"], SignInEmails = "helper@example.co.uk" }).All);
    }

    [Fact]
    public void A_list_with_something_that_is_not_an_address_is_refused_at_start()
    {
        Assert.Empty(Validate(new OwnerConsoleOptions { SignInEmails = "a@example.co.uk, b@example.co.uk" }));

        var error = Assert.Single(Validate(new OwnerConsoleOptions { SignInEmails = "a@example.co.uk; b@example.co.uk" }));
        Assert.Equal([nameof(OwnerConsoleOptions.SignInEmails)], error.MemberNames);
    }
}
