using System.ComponentModel.DataAnnotations;
using HappyBabyHive.Payments;

namespace HappyBabyHive.Tests.Payments;

public sealed class PaymentOptionsTests
{
    [Fact]
    public void Off_by_default_and_valid_without_any_keys()
    {
        Assert.Empty(Errors(new PaymentOptions()));
    }

    [Fact]
    public void Turned_on_it_needs_a_secret_key_and_a_webhook_secret_of_Stripes_shapes()
    {
        var errors = Errors(new PaymentOptions { Enabled = true, SecretKey = "pk_test_publishable", WebhookSecret = "secret" });

        Assert.Equal(["SecretKey", "WebhookSecret"], errors.SelectMany(e => e.MemberNames).Order());
        Assert.DoesNotContain(errors, e => e.ErrorMessage!.Contains("pk_test_publishable", StringComparison.Ordinal)); // secrets never echoed
        Assert.Empty(Errors(new PaymentOptions { Enabled = true, SecretKey = "sk_test_abc", WebhookSecret = "whsec_abc" }));
        Assert.Empty(Errors(new PaymentOptions { Enabled = true, SecretKey = "rk_live_abc", WebhookSecret = "whsec_abc" }));
    }

    [Theory]
    [InlineData("00:29:59", false)]
    [InlineData("00:30:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    public void The_checkout_lifetime_stays_within_Stripes_limits(string lifetime, bool valid)
    {
        var errors = Errors(new PaymentOptions { CheckoutLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, errors.Count == 0);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://api.stripe.com")]
    [InlineData("https://user:pass@api.stripe.com")]
    public void The_api_base_is_an_http_address(string apiBase)
    {
        Assert.Contains(Errors(new PaymentOptions { ApiBase = apiBase }), e => e.MemberNames.Contains("ApiBase"));
    }

    private static List<ValidationResult> Errors(PaymentOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
