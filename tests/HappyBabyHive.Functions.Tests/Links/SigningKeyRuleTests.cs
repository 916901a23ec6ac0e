using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using HappyBabyHive.Links;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Links;

/// <summary>Issue 11 point 4: the app refuses to start on a signing key an attacker could know or guess.</summary>
public sealed class SigningKeyRuleTests
{
    private const string GoodKey = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6";

    private static List<ValidationResult> Validate(string signingKey, string? previous = null)
    {
        var options = new LinkOptions { SigningKey = signingKey, PreviousSigningKey = previous };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Keys_made_as_the_deployment_makes_them_always_pass()
    {
        // base64 of 48 random bytes (the deployment), 32 bytes as base64 (the shortest allowed) and as hex.
        for (var i = 0; i < 2000; i++)
        {
            Assert.Null(SigningKeyRule.Problem(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), "k"));
            Assert.Null(SigningKeyRule.Problem(System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), "k"));
            Assert.Null(SigningKeyRule.Problem(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "k"));
        }
    }

    [Fact]
    public void A_random_hex_key_whose_trigrams_happen_to_repeat_passes()
    {
        // From `openssl rand -hex 32`'s distribution, one of the ~1 in 70,000 whose 62 trigrams repeat enough to fall
        // under the old 90% rule (0.887): a CI run once drew such a key and refused it.
        const string key = "24f9eba7cdd9a8dffbae610fba898989ddfbab75f1007cf3fd9eb1b53ebabf1a";
        Assert.InRange(SigningKeyRule.DistinctTrigramShare(key), 0.88, 0.89);

        Assert.Null(SigningKeyRule.Problem(key, "k"));
    }

    [Fact]
    public void An_unresolved_key_vault_reference_is_refused_even_though_it_is_long()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-abc123.vault.azure.net/secrets/link-signing-key)";

        var error = Assert.Single(Validate(reference));

        Assert.Equal([nameof(LinkOptions.SigningKey)], error.MemberNames);
        Assert.Contains("unresolved Key Vault reference", error.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-abc123", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aB3dE5gH7jK9mN1pQ3sT5vW7")] // 24 characters
    [InlineData("Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1Df3Gh5Jk7Mn9")] // 42: one short of 256 bits of base64
    [InlineData("abcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("kqhbA7NQqa2DxbZkqhbA7NQqa2DxbZkqhbA7NQqa2DxbZ")] // azd's 15-character password, three times
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001")]
    public void Short_or_low_entropy_keys_are_refused(string key) =>
        Assert.Equal([nameof(LinkOptions.SigningKey)], Assert.Single(Validate(key)).MemberNames);

    [Fact]
    public void The_previous_key_is_optional_but_held_to_the_same_rule_when_set()
    {
        Assert.Empty(Validate(GoodKey, previous: null));
        Assert.Empty(Validate(GoodKey, previous: string.Empty));
        Assert.Empty(Validate(GoodKey, previous: Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))));

        var error = Assert.Single(Validate(GoodKey, previous: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/link-signing-key-previous)"));
        Assert.Equal([nameof(LinkOptions.PreviousSigningKey)], error.MemberNames);
    }

    [Fact]
    public void The_app_fails_closed_at_start_on_an_unresolved_reference()
    {
        var configuration = TestSettings.Configuration(s => s["Links:SigningKey"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/link-signing-key)");
        using var services = new ServiceCollection().AddLogging().AddHappyBabyHive(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains("Links:SigningKey is an unresolved Key Vault reference", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_and_local_default_keys_pass()
    {
        var local = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "functions", "HappyBabyHive.Functions", "local.settings.json")));

        Assert.Null(SigningKeyRule.Problem(local.RootElement.GetProperty("Values").GetProperty("Links__SigningKey").GetString(), "local"));
        Assert.Null(SigningKeyRule.Problem(TestSettings.Defaults()["Links:SigningKey"], "tests"));
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HappyBabyHive.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("HappyBabyHive.sln not found above the test output.");
    }
}
