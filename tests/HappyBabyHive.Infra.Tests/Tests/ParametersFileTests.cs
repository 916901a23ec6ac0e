using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>infra/main.parameters.json as azd reads it: ${VAR} and ${VAR=default} substituted first, then JSON.</summary>
public sealed partial class ParametersFileTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private static readonly string RawText = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));

    [Fact]
    public void Parameters_file_maps_the_azd_environment()
    {
        var parameters = Substituted(new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "dev",
            ["AZURE_LOCATION"] = "uksouth",
            ["AZURE_PRINCIPAL_ID"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal("dev", Value(parameters, "environmentName").GetString());
        Assert.Equal("uksouth", Value(parameters, "location").GetString());
        Assert.Equal("00000000-0000-0000-0000-000000000001", Value(parameters, "principalId").GetString());
    }

    [Fact]
    public void Optional_settings_have_working_defaults()
    {
        var parameters = Substituted(new Dictionary<string, string>());

        Assert.Equal(JsonValueKind.Array, Value(parameters, "allowedOrigins").ValueKind);
        Assert.Equal(0, Value(parameters, "allowedOrigins").GetArrayLength());
        Assert.Equal("", Value(parameters, "ownerEmail").GetString());
        Assert.Equal("", Value(parameters, "customEmailDomain").GetString());
        Assert.Equal("User", Value(parameters, "principalType").GetString());
        Assert.Equal("false", Value(parameters, "customEmailDomainVerified").GetString());
    }

    [Fact]
    public void Allowed_origins_can_be_set_as_a_json_array()
    {
        var parameters = Substituted(new Dictionary<string, string>
        {
            ["ALLOWED_ORIGINS"] = "[\"https://www.example.co.uk\",\"https://example.co.uk\"]",
            ["OWNER_EMAIL"] = "owner@example.co.uk",
        });

        Assert.Equal(["https://www.example.co.uk", "https://example.co.uk"],
            Value(parameters, "allowedOrigins").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("owner@example.co.uk", Value(parameters, "ownerEmail").GetString());
    }

    [Fact]
    public void Every_parameter_in_the_file_exists_in_the_template_and_every_required_one_is_supplied()
    {
        var supplied = Substituted(new Dictionary<string, string>()).EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var declared = fixture.Template.Root.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(supplied, name => Assert.Contains(declared, d => d.Name == name));
        Assert.All(declared.Where(d => !d.Value.TryGetProperty("defaultValue", out _)), d => Assert.Contains(d.Name, supplied));
    }

    [Fact]
    public void Link_signing_key_is_read_back_from_key_vault_by_azd_and_never_written_in_the_file()
    {
        var parameters = Substituted(new Dictionary<string, string> { ["AZURE_KEY_VAULT_NAME"] = "kv-abc" });

        // azd runs this command before each provision: it returns the secret's current value when the vault and
        // secret exist, and generates a random one only when they do not.
        Assert.Equal("$(secretOrRandomPassword kv-abc link-signing-key)", Value(parameters, "linkSigningKey").GetString());
        // The vault name it reads from is an output, so azd knows it from the second provision on.
        Assert.True(fixture.Template.Root.GetProperty("outputs").TryGetProperty("AZURE_KEY_VAULT_NAME", out _));
    }

    /// <summary>What azd deploys with: environment values substituted, then the JSON parsed.</summary>
    private static JsonElement Substituted(Dictionary<string, string> environment)
    {
        var text = AzdVariable().Replace(RawText, m =>
            environment.TryGetValue(m.Groups["name"].Value, out var value)
                ? value
                : m.Groups["default"].Success ? m.Groups["default"].Value : "");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("parameters").Clone();
    }

    private static JsonElement Value(JsonElement parameters, string name) =>
        parameters.GetProperty(name).GetProperty("value");

    // ${NAME} or ${NAME=default}
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?<default>[^}]*))?\}")]
    private static partial Regex AzdVariable();
}
