using HappyBabyHive.Infra.Tests.Arm;
using HappyBabyHive.Infra.Tests.Policy;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

/// <summary>
/// The checkers run over small hand-written templates with known violations, to prove they find them (a checker that
/// never reports anything would make every policy test pass). The bad resources sit in a nested deployment, as Bicep
/// modules do, and take their values through module parameters.
/// </summary>
public sealed class PolicyCheckerTests
{
    [Fact]
    public void Checker_reports_a_storage_account_that_allows_shared_keys()
    {
        var template = Nested(
            """
            { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "stbad",
              "properties": { "allowSharedKeyAccess": "[parameters('sharedKeys')]", "allowBlobPublicAccess": false,
                              "minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": true } }
            """,
            parameters: """{ "sharedKeys": { "value": true } }""",
            declarations: """{ "sharedKeys": { "type": "bool" } }""");

        var violation = Assert.Single(InfraPolicy.StorageSharedKeyViolations(template));
        Assert.Contains("stbad", violation, StringComparison.Ordinal);
        Assert.Contains("allowSharedKeyAccess", violation, StringComparison.Ordinal);
        Assert.Empty(InfraPolicy.StoragePublicBlobViolations(template));
        Assert.Empty(InfraPolicy.StorageTransportViolations(template));
    }

    [Fact]
    public void Checker_reports_a_storage_account_that_leaves_shared_keys_at_the_default()
    {
        var template = Nested("""{ "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "stdefault", "properties": {} }""");

        Assert.Single(InfraPolicy.StorageSharedKeyViolations(template));
        Assert.Single(InfraPolicy.StoragePublicBlobViolations(template));
        Assert.Equal(2, InfraPolicy.StorageTransportViolations(template).Count);
    }

    [Fact]
    public void Checker_reports_weak_web_settings_and_secrets_in_app_settings()
    {
        var template = Nested(
            """
            { "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "func-bad", "kind": "functionapp,linux",
              "identity": { "type": "SystemAssigned, UserAssigned" },
              "properties": { "httpsOnly": false,
                "siteConfig": { "minTlsVersion": "1.0", "ftpsState": "AllAllowed",
                  "appSettings": [
                    { "name": "AzureWebJobsStorage", "value": "[format('DefaultEndpointsProtocol=https;AccountName=x;AccountKey={0}', listKeys('x', '2026-09-01').keys[0].value)]" }
                  ] } } }
            """);

        Assert.Single(InfraPolicy.SiteHttpsOnlyViolations(template));
        Assert.Single(InfraPolicy.SiteFtpsViolations(template));
        Assert.Single(InfraPolicy.SiteTlsViolations(template));
        Assert.Single(InfraPolicy.SiteIdentityViolations(template));
        Assert.Equal(2, InfraPolicy.SiteSecretViolations(template).Count); // AccountKey= and listKeys(
        Assert.Single(InfraPolicy.KeyListingViolations(template));
        Assert.Equal(["AzureWebJobsStorage"], template.GetFunctionAppSettingNames());
    }

    [Fact]
    public void Checker_reports_application_insights_with_local_auth()
    {
        var template = Nested("""{ "type": "Microsoft.Insights/components", "apiVersion": "2020-02-02", "name": "appi-bad", "properties": { "DisableLocalAuth": false } }""");

        Assert.Single(InfraPolicy.ApplicationInsightsLocalAuthViolations(template));
    }

    [Fact]
    public void Checker_reports_role_assignments_without_a_resource_scope_or_with_broad_roles()
    {
        var template = Nested(
            """
            { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "no-scope",
              "properties": { "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')]", "principalId": "x" } },
            { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "owner", "scope": "[resourceId('Microsoft.Storage/storageAccounts', 'st')]",
              "properties": { "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]", "principalId": "x" } },
            { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "rg-scope", "scope": "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg')]",
              "properties": { "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42e0-b2c6-dfa4197ad57b')]", "principalId": "x" } },
            { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "fine", "scope": "[resourceId('Microsoft.KeyVault/vaults', 'kv')]",
              "properties": { "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]", "principalId": "x" } }
            """);

        var violations = InfraPolicy.RoleAssignmentViolations(template);

        Assert.Contains(violations, v => v.Contains("'no-scope'", StringComparison.Ordinal) && v.Contains("single resource", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'owner'", StringComparison.Ordinal) && v.Contains("Owner", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'rg-scope'", StringComparison.Ordinal) && v.Contains("resourceGroups", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'rg-scope'", StringComparison.Ordinal) && v.Contains("Contributor", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains("'fine'", StringComparison.Ordinal));
        Assert.Equal(4, violations.Count);
    }

    [Fact]
    public void Checker_reads_resources_of_symbolic_name_templates_too()
    {
        var template = ArmTemplate.Parse(
            """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "languageVersion": "2.0", "contentVersion": "1.0.0.0",
              "resources": { "stg": { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "stsym",
                                      "properties": { "allowSharedKeyAccess": true } } } }
            """);

        Assert.Contains("stsym", Assert.Single(InfraPolicy.StorageSharedKeyViolations(template)), StringComparison.Ordinal);
    }

    /// <summary>A subscription-scope template whose only resource is a module (nested deployment) holding the given resources.</summary>
    private static ArmTemplate Nested(string resources, string parameters = "{}", string declarations = "{}") =>
        ArmTemplate.Parse(
            $$"""
            {
              "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "resources": [
                {
                  "type": "Microsoft.Resources/deployments", "apiVersion": "2025-04-01", "name": "module",
                  "properties": {
                    "expressionEvaluationOptions": { "scope": "inner" }, "mode": "Incremental",
                    "parameters": {{parameters}},
                    "template": {
                      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                      "contentVersion": "1.0.0.0",
                      "parameters": {{declarations}},
                      "resources": [ {{resources}} ]
                    }
                  }
                }
              ]
            }
            """);
}
