using HappyBabyHive.Infra.Tests.Bicep;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class KeyVaultPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    [Fact]
    public void Key_vault_uses_rbac_and_soft_delete()
    {
        var vault = Assert.Single(fixture.Template.OfType("Microsoft.KeyVault/vaults"));

        Assert.True(vault.GetBool("properties", "enableRbacAuthorization"));
        Assert.True(vault.GetBool("properties", "enableSoftDelete"));
        Assert.Null(vault.Get("properties", "accessPolicies"));
    }

    [Fact]
    public void Link_signing_key_is_written_only_when_the_hook_supplies_a_new_one()
    {
        var secret = Assert.Single(fixture.Template.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Name!.Contains("'link-signing-key'", StringComparison.Ordinal));
        var value = secret.Get("properties", "value");

        Assert.Contains("'link-signing-key'", secret.Name, StringComparison.Ordinal);
        // A redeploy with no new key must not declare the secret at all (ARM would overwrite it with an empty value).
        Assert.Equal("[not(empty(parameters('newLinkSigningKey')))]", secret.Get("condition")?.GetString());
        Assert.Equal("[parameters('newLinkSigningKey')]", value?.GetString());
        // main.bicep passes its own secure parameter straight through; its default (empty) means "keep the secret".
        var passed = secret.Scope.SuppliedParameters?.GetProperty("newLinkSigningKey").GetProperty("value").GetString();
        Assert.Equal("[parameters('newLinkSigningKey')]", passed);
        Assert.Equal("", fixture.Template.Root.GetProperty("parameters").GetProperty("newLinkSigningKey").GetProperty("defaultValue").GetString());
        Assert.Equal("securestring", fixture.Template.RootScope.ParameterType("newLinkSigningKey"));
        Assert.Equal("securestring", secret.Scope.ParameterType("newLinkSigningKey"));
    }

    [Theory]
    [InlineData("stripe-secret-key", "newStripeSecretKey", "stripeSecretKey")]
    [InlineData("stripe-webhook-secret", "newStripeWebhookSecret", "stripeWebhookSecret")]
    public void Stripe_secrets_are_written_only_when_given_from_secure_parameters(string secretName, string moduleParameter, string mainParameter)
    {
        var secret = Assert.Single(fixture.Template.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Name!.Contains($"'{secretName}'", StringComparison.Ordinal));

        // A provision without the key must not declare the secret (ARM would overwrite it with an empty value).
        Assert.Equal($"[not(empty(parameters('{moduleParameter}')))]", secret.Get("condition")?.GetString());
        Assert.Equal($"[parameters('{moduleParameter}')]", secret.Get("properties", "value")?.GetString());
        Assert.Equal($"[parameters('{mainParameter}')]", secret.Scope.SuppliedParameters?.GetProperty(moduleParameter).GetProperty("value").GetString());
        Assert.Equal("securestring", secret.Scope.ParameterType(moduleParameter));
        Assert.Equal("securestring", fixture.Template.RootScope.ParameterType(mainParameter));
        Assert.Equal("", fixture.Template.Root.GetProperty("parameters").GetProperty(mainParameter).GetProperty("defaultValue").GetString());
    }
}
