using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class OutputsTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("SERVICE_API_URI")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("EMAIL_SENDER_ADDRESS")]
    public void Main_template_outputs_what_azd_and_the_readme_use(string name)
    {
        Assert.True(fixture.Template.Root.GetProperty("outputs").TryGetProperty(name, out var output), $"output {name} is missing");
        Assert.Equal("string", output.GetProperty("type").GetString());
    }

    [Fact]
    public void No_output_is_a_secret()
    {
        var outputs = fixture.Template.Root.GetProperty("outputs").EnumerateObject().ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, o =>
        {
            Assert.NotEqual("securestring", o.Value.GetProperty("type").GetString());
            Assert.NotEqual("secureObject", o.Value.GetProperty("type").GetString());
            Assert.DoesNotContain("linkSigningKey", o.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"\blist[A-Za-z]*\(", o.Value.GetProperty("value").GetString());
        });
    }
}
