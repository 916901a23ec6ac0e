using System.ComponentModel.DataAnnotations;
using HappyBabyHive.Email.Acs;

namespace HappyBabyHive.Email.Tests.Acs;

public sealed class AcsOptionsValidationTests
{
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

    private static List<string> Errors(AcsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Theory]
    [InlineData("https://contoso.unitedstates.communication.azure.com")]
    [InlineData("https://contoso.unitedstates.communication.azure.com/")]
    [InlineData("http://127.0.0.1:5123")]
    [InlineData("http://localhost:5123/")]
    public void An_https_endpoint_or_a_local_fake_is_valid(string endpoint)
    {
        Assert.Empty(Errors(new AcsOptions { Endpoint = endpoint }));
    }

    [Fact]
    public void A_connection_string_alone_is_valid()
    {
        Assert.Empty(Errors(new AcsOptions { ConnectionString = $"endpoint=https://contoso.communication.azure.com/;accesskey={Key}" }));
    }

    [Fact]
    public void Neither_endpoint_nor_connection_string_says_how_to_configure()
    {
        var error = Assert.Single(Errors(new AcsOptions()));

        Assert.Contains("set Acs:Endpoint", error, StringComparison.Ordinal);
        Assert.Contains("Acs:ConnectionString", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_endpoint_and_connection_string_are_refused()
    {
        var error = Assert.Single(Errors(new AcsOptions
        {
            Endpoint = "https://contoso.communication.azure.com",
            ConnectionString = $"endpoint=https://contoso.communication.azure.com/;accesskey={Key}",
        }));

        Assert.Contains("only one of Acs:Endpoint", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://contoso.communication.azure.com", "must use https")]
    [InlineData("ftp://contoso.communication.azure.com", "must be an https URL")]
    [InlineData("contoso.communication.azure.com", "not an absolute URL")]
    [InlineData("https://contoso.communication.azure.com/?x=1", "no query")]
    public void A_bad_endpoint_is_named_in_the_message(string endpoint, string reason)
    {
        var error = Assert.Single(Errors(new AcsOptions { Endpoint = endpoint }));

        Assert.StartsWith("Acs:Endpoint", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_with_a_bad_key_or_plain_http_is_refused_without_showing_the_key()
    {
        var badKey = Assert.Single(Errors(new AcsOptions { ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=%%%" }));
        var http = Assert.Single(Errors(new AcsOptions { ConnectionString = $"endpoint=http://contoso.communication.azure.com/;accesskey={Key}" }));

        Assert.Equal("Acs:ConnectionString is not valid: its accesskey is not valid base64.", badKey);
        Assert.Contains("must use https", http, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, http, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_version_client_id_and_timings_are_checked()
    {
        var errors = Errors(new AcsOptions
        {
            Endpoint = "https://contoso.communication.azure.com",
            ApiVersion = "latest",
            ManagedIdentityClientId = "my-identity",
            AttemptTimeout = TimeSpan.FromSeconds(30),
            TotalTimeout = TimeSpan.FromSeconds(30),
            MaxRetryAfterToWaitInProcess = TimeSpan.FromMinutes(1),
        });

        Assert.Contains(errors, e => e.StartsWith("Acs:ApiVersion 'latest'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Acs:ManagedIdentityClientId (or AZURE_CLIENT_ID) 'my-identity'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Acs:TotalTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Acs:MaxRetryAfterToWaitInProcess", StringComparison.Ordinal));
    }

    [Fact]
    public void Retry_delays_must_fit_in_the_total_timeout()
    {
        var errors = Errors(new AcsOptions { Endpoint = "https://contoso.communication.azure.com", RetryDelay = TimeSpan.FromSeconds(10) });

        Assert.StartsWith("Acs:RetryDelay", Assert.Single(errors), StringComparison.Ordinal);
        Assert.StartsWith("Acs:MaxRetryAttempts", Assert.Single(Errors(new AcsOptions { Endpoint = "https://x.communication.azure.com", MaxRetryAttempts = 0 })), StringComparison.Ordinal);
    }
}
