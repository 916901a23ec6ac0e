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
    public void Link_signing_key_comes_from_a_secure_parameter_of_main()
    {
        var secret = Assert.Single(fixture.Template.OfType("Microsoft.KeyVault/vaults/secrets"));
        var value = secret.Get("properties", "value");

        Assert.Contains("'link-signing-key'", secret.Name, StringComparison.Ordinal);
        Assert.NotNull(value);
        var (resolved, origin) = secret.Scope.ResolveWithOrigin(value.Value);
        Assert.Same(fixture.Template.RootScope, origin);
        Assert.Equal("[parameters('linkSigningKey')]", resolved.GetString());
        Assert.Equal("securestring", origin.ParameterType("linkSigningKey"));
        Assert.Equal("securestring", secret.Scope.ParameterType("linkSigningKey"));
    }
}
