using HappyBabyHive.Infra.Tests.Arm;
using HappyBabyHive.Infra.Tests.Bicep;
using HappyBabyHive.Infra.Tests.Policy;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Tests;

public sealed class RoleAssignmentPolicyTests(InfraFixture fixture) : IClassFixture<InfraFixture>
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CommunicationAndEmailServiceOwner = "09976791-48a7-449e-bb21-39d1a415f350";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string EmailSenderCustomRole = "custom: email sender";

    private IReadOnlyList<ArmResource> Assignments => fixture.Template.OfType(InfraPolicy.RoleAssignmentType);

    [Fact]
    public void Every_role_assignment_is_scoped_to_a_single_resource()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            var scopeType = InfraPolicy.ScopeResourceType(a);
            Assert.NotNull(scopeType);
            Assert.DoesNotContain("Microsoft.Resources/", scopeType, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Empty(InfraPolicy.RoleAssignmentViolations(fixture.Template));
    }

    [Fact]
    public void No_role_assignment_grants_owner_or_contributor()
    {
        var roles = Assignments.Where(a => !InfraPolicy.AssignsCustomRoleOfTemplate(a)).Select(InfraPolicy.RoleDefinitionGuid).ToList();

        Assert.All(roles, Assert.NotNull);
        Assert.DoesNotContain(CommunicationAndEmailServiceOwner, roles);
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", roles);
        Assert.DoesNotContain("b24988ac-6180-42e0-b2c6-dfa4197ad57b", roles);
        Assert.All(roles, r => Assert.False(InfraPolicy.ForbiddenRoles.ContainsKey(r!), $"forbidden role {r}"));
    }

    [Fact]
    public void App_identity_gets_exactly_the_data_roles_it_needs_each_on_its_own_resource()
    {
        // Unconditional assignments are the app identity's; the deploying user's are conditional on principalId.
        var app = Assignments.Where(a => !a.IsConditional)
            .Select(a => (Role: RoleKey(a), Scope: InfraPolicy.ScopeResourceType(a), Type: a.GetString("properties", "principalType")))
            .OrderBy(x => x.Role, StringComparer.Ordinal)
            .ToList();

        (string?, string?, string?)[] expected =
        [
            (StorageBlobDataOwner, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
            (StorageQueueDataContributor, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
            (StorageTableDataContributor, "Microsoft.Storage/storageAccounts", "ServicePrincipal"),
            (MonitoringMetricsPublisher, "Microsoft.Insights/components", "ServicePrincipal"),
            (EmailSenderCustomRole, "Microsoft.Communication/communicationServices", "ServicePrincipal"),
            (KeyVaultSecretsUser, "Microsoft.KeyVault/vaults", "ServicePrincipal"),
        ];
        Assert.Equal(expected.OrderBy(x => x.Item1, StringComparer.Ordinal), app);
        Assert.All(Assignments.Where(a => !a.IsConditional), a =>
            Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", a.Get("properties", "principalId")?.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Deploying_user_roles_are_only_assigned_when_principalId_is_set()
    {
        var user = Assignments.Where(a => a.IsConditional).ToList();

        Assert.NotEmpty(user);
        Assert.All(user, a => Assert.Equal("[parameters('userPrincipalId')]", a.Get("properties", "principalId")?.GetString()));
        Assert.All(user, a => Assert.Equal("[variables('assignToUser')]", a.Get("condition")?.GetString()));
        // The deployer never reads the link-signing key: the preprovision hook checks for it through the control plane.
        Assert.DoesNotContain(user, a => InfraPolicy.RoleDefinitionGuid(a) == KeyVaultSecretsUser);
        Assert.All(user, a => Assert.Contains(RoleKey(a),
            new[] { StorageBlobDataContributor, StorageQueueDataContributor, StorageTableDataContributor, EmailSenderCustomRole }));
    }

    [Fact]
    public void Deployer_gets_data_roles_only_in_environments_that_opt_in()
    {
        var rbac = Assert.Single(fixture.Template.OfType("Microsoft.Resources/deployments"), d => d.Name == "rbac");
        // A conditional module parameter compiles to one expression for the whole {value: ...}.
        var passed = rbac.Get("properties", "parameters", "userPrincipalId")!.Value.GetString();
        var optIn = fixture.Template.Root.GetProperty("parameters").GetProperty("deployerDataAccess");

        Assert.Equal("[if(parameters('deployerDataAccess'), createObject('value', parameters('principalId')), createObject('value', ''))]", passed);
        Assert.False(optIn.GetProperty("defaultValue").GetBoolean());
        Assert.Contains("${DEPLOYER_DATA_ACCESS=false}", File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Email_is_sent_under_a_custom_role_that_can_do_nothing_else()
    {
        var role = Assert.Single(fixture.Template.OfType(InfraPolicy.RoleDefinitionType));
        var actions = role.Resolve("properties", "permissions")!.Value[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToList();

        Assert.Empty(InfraPolicy.CustomRoleViolations(fixture.Template));
        Assert.Contains("Microsoft.Communication/CommunicationServices/Read", actions);
        Assert.DoesNotContain(actions, a => a!.Contains("ListKeys", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, role.Resolve("properties", "permissions")!.Value[0].GetProperty("dataActions").GetArrayLength());
        Assert.All(Assignments.Where(a => InfraPolicy.ScopeResourceType(a) == "Microsoft.Communication/communicationServices"),
            a => Assert.True(InfraPolicy.AssignsCustomRoleOfTemplate(a)));
    }

    [Fact]
    public void Custom_role_checker_notices_a_dangerous_action()
    {
        string[] dangerous = ["Microsoft.Communication/CommunicationServices/ListKeys/action", "Microsoft.Communication/*", "Microsoft.Communication/EmailServices/delete"];

        Assert.All(dangerous, action => Assert.Contains(InfraPolicy.ForbiddenCustomRoleActionParts, f => action.Contains(f, StringComparison.OrdinalIgnoreCase)));
    }

    private static string? RoleKey(ArmResource assignment) =>
        InfraPolicy.AssignsCustomRoleOfTemplate(assignment) ? EmailSenderCustomRole : InfraPolicy.RoleDefinitionGuid(assignment);
}
