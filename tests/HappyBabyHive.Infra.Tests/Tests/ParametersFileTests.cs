using System.Text.Json;
using HappyBabyHive.Infra.Tests.Azd;
using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>infra/main.parameters.json as azd reads it: the RAW file parsed as JSON first, then ${VAR} substituted.</summary>
public sealed class ParametersFileTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private static readonly string RawText = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));

    private JsonElement TemplateParameters => fixture.Template.Root.GetProperty("parameters");

    [Fact]
    public void Raw_file_is_valid_json_before_any_substitution()
    {
        // azd 1.15+ unmarshals the file before substituting: "value": ${X} (unquoted) stops every provision.
        var exception = Record.Exception(() => AzdParameters.ParseRaw(RawText));

        Assert.Null(exception);
    }

    [Fact]
    public void Every_substitution_sits_inside_a_json_string()
    {
        var (inRawText, insideStrings) = AzdParameters.CountSubstitutions(RawText);

        Assert.True(inRawText > 0);
        Assert.Equal(inRawText, insideStrings);
    }

    [Fact]
    public void The_checker_rejects_the_unquoted_form_azd_cannot_read()
    {
        const string unquoted = """{ "parameters": { "allowedOrigins": { "value": ${ALLOWED_ORIGINS=[]} } } }""";

        Assert.ThrowsAny<JsonException>(() => AzdParameters.ParseRaw(unquoted));
    }

    [Fact]
    public void Parameters_file_maps_the_azd_environment()
    {
        var parameters = AzdParameters.ForDeployment(RawText, new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "dev",
            ["AZURE_LOCATION"] = "uksouth",
            ["AZURE_PRINCIPAL_ID"] = "00000000-0000-0000-0000-000000000001",
            ["OWNER_EMAIL"] = "owner@example.co.uk",
        }, TemplateParameters);

        Assert.Equal("dev", parameters["environmentName"].GetString());
        Assert.Equal("uksouth", parameters["location"].GetString());
        Assert.Equal("00000000-0000-0000-0000-000000000001", parameters["principalId"].GetString());
        Assert.Equal("owner@example.co.uk", parameters["ownerEmail"].GetString());
    }

    [Fact]
    public void Optional_settings_fall_back_to_the_template_defaults()
    {
        var parameters = AzdParameters.ForDeployment(RawText, new Dictionary<string, string> { ["OWNER_EMAIL"] = "owner@example.co.uk" }, TemplateParameters);

        Assert.False(parameters.ContainsKey("allowedOrigins"));
        Assert.False(parameters.ContainsKey("customEmailDomain"));
        Assert.False(parameters.ContainsKey("newLinkSigningKey"));
        Assert.Equal("User", parameters["principalType"].GetString());
        Assert.False(parameters["customEmailDomainVerified"].GetBoolean());
    }

    [Fact]
    public void Allowed_origins_are_a_comma_separated_string()
    {
        var parameters = AzdParameters.ForDeployment(RawText, new Dictionary<string, string>
        {
            ["ALLOWED_ORIGINS"] = "https://www.example.co.uk,https://example.co.uk",
        }, TemplateParameters);

        Assert.Equal("https://www.example.co.uk,https://example.co.uk", parameters["allowedOrigins"].GetString());
        Assert.Equal("string", TemplateParameters.GetProperty("allowedOrigins").GetProperty("type").GetString());
    }

    [Fact]
    public void Every_parameter_in_the_file_exists_in_the_template_and_every_required_one_is_supplied()
    {
        var supplied = AzdParameters.Substitute(RawText, new Dictionary<string, string>()).Keys.ToHashSet(StringComparer.Ordinal);
        var declared = TemplateParameters.EnumerateObject().ToList();

        Assert.All(supplied, name => Assert.Contains(declared, d => d.Name == name));
        Assert.All(declared.Where(d => !d.Value.TryGetProperty("defaultValue", out _)), d => Assert.Contains(d.Name, supplied));
    }

    [Fact]
    public void Link_signing_key_comes_from_the_preprovision_hook_and_is_never_generated_by_azd()
    {
        var parameters = AzdParameters.Substitute(RawText, new Dictionary<string, string> { ["LINK_SIGNING_KEY_NEW"] = "generated-by-the-hook" });

        Assert.Equal("generated-by-the-hook", parameters["newLinkSigningKey"]!.GetValue<string>());
        // azd's secretOrRandomPassword makes 15 characters (about 83 bits); the app needs far more.
        Assert.DoesNotContain("secretOrRandomPassword", RawText, StringComparison.Ordinal);
        Assert.Equal("securestring", fixture.Template.RootScope.ParameterType("newLinkSigningKey"));
    }
}
