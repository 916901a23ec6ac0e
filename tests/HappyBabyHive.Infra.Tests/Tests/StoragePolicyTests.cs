using System.Text.Json;
using HappyBabyHive.Infra.Tests.Arm;
using HappyBabyHive.Infra.Tests.Bicep;
using HappyBabyHive.Infra.Tests.Policy;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class StoragePolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private ArmResource StorageAccount => Assert.Single(fixture.Template.OfType(InfraPolicy.StorageAccountType));

    [Fact]
    public void Storage_account_refuses_shared_key_access()
    {
        Assert.False(StorageAccount.GetBool("properties", "allowSharedKeyAccess"));
        Assert.Empty(InfraPolicy.StorageSharedKeyViolations(fixture.Template));
    }

    [Fact]
    public void Storage_account_blocks_public_blob_access()
    {
        Assert.False(StorageAccount.GetBool("properties", "allowBlobPublicAccess"));
        Assert.Empty(InfraPolicy.StoragePublicBlobViolations(fixture.Template));
    }

    [Fact]
    public void Storage_account_requires_https_and_tls_1_2()
    {
        Assert.Equal("TLS1_2", StorageAccount.GetString("properties", "minimumTlsVersion"));
        Assert.True(StorageAccount.GetBool("properties", "supportsHttpsTrafficOnly"));
        Assert.Empty(InfraPolicy.StorageTransportViolations(fixture.Template));
    }

    [Fact]
    public void Storage_account_is_StorageV2_and_defaults_to_Entra_authentication()
    {
        Assert.Equal("StorageV2", StorageAccount.GetString("kind"));
        Assert.True(StorageAccount.GetBool("properties", "defaultToOAuthAuthentication"));
    }

    [Fact]
    public void App_tables_are_created()
    {
        var names = ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables", "tableNames");

        // Drift: every table the app uses exists in Azure before the app first runs.
        Assert.All(new HappyBabyHive.Storage.StorageOptions().AllTables, table => Assert.Contains(table, names));
    }

    [Fact]
    public void App_queues_are_created_with_their_poison_queues()
    {
        var names = ChildNames("Microsoft.Storage/storageAccounts/queueServices/queues", "queueNames");

        // Drift: every queue the app uses (including poison queues) exists in Azure before the app first runs.
        Assert.All(new HappyBabyHive.Storage.StorageOptions().AllQueues, queue => Assert.Contains(queue, names));
        // Every queue a trigger reads has somewhere to put messages that keep failing.
        Assert.All(names.Where(n => !n.EndsWith("-poison", StringComparison.Ordinal)), n => Assert.Contains($"{n}-poison", names));
    }

    [Fact]
    public void Deployment_package_container_is_private()
    {
        var container = Assert.Single(fixture.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.Symbol == "deploymentContainer");

        Assert.Equal("None", container.GetString("properties", "publicAccess"));
        var site = fixture.Template.FunctionApp;
        Assert.Equal("blobContainer", site.GetString("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal("UserAssignedIdentity", site.GetString("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
    }

    /// <summary>
    /// The names a copy loop creates: the loop's resource name indexes a module parameter
    /// (e.g. parameters('tableNames')[copyIndex()]); that parameter is followed back to main.bicep's list.
    /// </summary>
    private List<string> ChildNames(string type, string parameterName)
    {
        var loop = Assert.Single(fixture.Template.OfType(type));
        Assert.Contains($"parameters('{parameterName}')[copyIndex()]", loop.Name, StringComparison.Ordinal);

        using var reference = JsonDocument.Parse($"\"[parameters('{parameterName}')]\"");
        var list = loop.Scope.Resolve(reference.RootElement);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        return list.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
    }
}
