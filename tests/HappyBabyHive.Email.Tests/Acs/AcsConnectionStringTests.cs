using HappyBabyHive.Email.Acs;

namespace HappyBabyHive.Email.Tests.Acs;

public sealed class AcsConnectionStringTests
{
    // 32 bytes of key, base64 with '=' padding, as the portal shows it.
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

    [Fact]
    public void Parses_the_portal_format_and_trims_the_trailing_slash()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.unitedstates.communication.azure.com/;accesskey={Key}");

        Assert.Equal("https://contoso.unitedstates.communication.azure.com/", parsed.Endpoint.AbsoluteUri);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccessKey);
        Assert.Equal(
            "https://contoso.unitedstates.communication.azure.com/emails:send?api-version=2023-03-31",
            AcsEmailSender.SendUri(parsed.Endpoint, "2023-03-31").AbsoluteUri);
    }

    [Fact]
    public void Names_are_case_insensitive_and_spaces_and_a_final_semicolon_are_ignored()
    {
        var parsed = AcsConnectionString.Parse($" AccessKey = {Key} ; Endpoint = https://contoso.communication.azure.com ; ");

        Assert.Equal("contoso.communication.azure.com", parsed.Endpoint.Host);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccessKey);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("accesskey=" + Key, "no 'endpoint=")]
    [InlineData("endpoint=https://contoso.communication.azure.com/", "no 'accesskey=")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=", "no 'accesskey=")]
    [InlineData("endpoint=contoso.communication.azure.com;accesskey=" + Key, "not an absolute URL")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not*base64!", "not valid base64")]
    [InlineData("endpoint=https://a.communication.azure.com/;endpoint=https://b.communication.azure.com/;accesskey=" + Key, "'endpoint' twice")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=" + Key + ";accesskey=" + Key, "'accesskey' twice")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;password=" + Key, "unknown part 'password'")]
    public void Rejects_malformed_strings_with_a_reason_that_never_repeats_the_key(string value, string reason)
    {
        Assert.False(AcsConnectionString.TryParse(value, out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AcsConnectionString.Parse(value));
    }

    [Fact]
    public void ToString_hides_the_key()
    {
        var text = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}").ToString();

        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.Contains("contoso.communication.azure.com", text, StringComparison.Ordinal);
    }
}
