using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Infra.Tests.Arm;

namespace HappyBabyHive.Infra.Tests.Policy;

/// <summary>
/// Security policies over a compiled ARM template. Each check returns the violations it finds (empty = compliant);
/// a value that is an unresolved expression counts as a violation, because it cannot be shown to be safe.
/// </summary>
public static partial class InfraPolicy
{
    public const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    public const string SiteType = "Microsoft.Web/sites";
    public const string ApplicationInsightsType = "Microsoft.Insights/components";
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>Built-in roles that must never be assigned by this template.</summary>
    public static readonly IReadOnlyDictionary<string, string> ForbiddenRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
        ["b24988ac-6180-42e0-b2c6-dfa4197ad57b"] = "Contributor",
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
        ["f58310d9-a9f6-439a-9e8d-f62e7b41a168"] = "Role Based Access Control Administrator",
    };

    /// <summary>Scopes that are containers, not "the one resource" an assignment should be on.</summary>
    private static readonly string[] ContainerScopeTypes =
    [
        "Microsoft.Resources/resourceGroups",
        "Microsoft.Resources/subscriptions",
        "Microsoft.Management/managementGroups",
    ];

    /// <summary>Text that means a key or key-based connection string in configuration.</summary>
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=",
        "AccessKey=",
        "SharedAccessKey=",
        "SharedAccessSignature=",
        "listKeys(",
        "listConnectionStrings(",
        "listSecrets(",
    ];

    public static IReadOnlyList<string> StorageSharedKeyViolations(ArmTemplate template) =>
        Check(template, StorageAccountType, account =>
            // The service default is true, so the property must be present and false.
            account.GetBool("properties", "allowSharedKeyAccess") == false
                ? null
                : $"allowSharedKeyAccess must be false, is {Show(account.Resolve("properties", "allowSharedKeyAccess"))}");

    public static IReadOnlyList<string> StoragePublicBlobViolations(ArmTemplate template) =>
        Check(template, StorageAccountType, account =>
            account.GetBool("properties", "allowBlobPublicAccess") == false
                ? null
                : $"allowBlobPublicAccess must be false, is {Show(account.Resolve("properties", "allowBlobPublicAccess"))}");

    public static IReadOnlyList<string> StorageTransportViolations(ArmTemplate template)
    {
        var violations = Check(template, StorageAccountType, account =>
            account.GetString("properties", "minimumTlsVersion") is "TLS1_2" or "TLS1_3"
                ? null
                : $"minimumTlsVersion must be TLS1_2 or later, is {Show(account.Resolve("properties", "minimumTlsVersion"))}").ToList();
        violations.AddRange(Check(template, StorageAccountType, account =>
            account.GetBool("properties", "supportsHttpsTrafficOnly") == true
                ? null
                : $"supportsHttpsTrafficOnly must be true, is {Show(account.Resolve("properties", "supportsHttpsTrafficOnly"))}"));
        return violations;
    }

    public static IReadOnlyList<string> SiteHttpsOnlyViolations(ArmTemplate template) =>
        Check(template, SiteType, site =>
            site.GetBool("properties", "httpsOnly") == true
                ? null
                : $"httpsOnly must be true, is {Show(site.Resolve("properties", "httpsOnly"))}");

    public static IReadOnlyList<string> SiteFtpsViolations(ArmTemplate template) =>
        Check(template, SiteType, site =>
            site.GetString("properties", "siteConfig", "ftpsState") == "Disabled"
                ? null
                : $"siteConfig.ftpsState must be Disabled, is {Show(site.Resolve("properties", "siteConfig", "ftpsState"))}");

    public static IReadOnlyList<string> SiteTlsViolations(ArmTemplate template)
    {
        var violations = new List<string>();
        foreach (var site in template.OfType(SiteType))
        {
            // minTlsVersion is required; scmMinTlsVersion is checked when present (its default is 1.2).
            foreach (var (property, required) in new[] { ("minTlsVersion", true), ("scmMinTlsVersion", false) })
            {
                var value = site.Resolve("properties", "siteConfig", property);
                if (value is null && !required)
                {
                    continue;
                }

                if (value is not { ValueKind: JsonValueKind.String } text
                    || !Version.TryParse(text.GetString(), out var version)
                    || version < new Version(1, 2))
                {
                    violations.Add($"{site.Describe()}: siteConfig.{property} must be 1.2 or later, is {Show(value)}");
                }
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> SiteIdentityViolations(ArmTemplate template) =>
        Check(template, SiteType, site =>
            site.GetString("identity", "type") == "UserAssigned"
                ? null
                : $"identity.type must be exactly UserAssigned (no system-assigned identity), is {Show(site.Resolve("identity", "type"))}");

    /// <summary>No keys or key-based connection strings in app settings or connection strings of any site.</summary>
    public static IReadOnlyList<string> SiteSecretViolations(ArmTemplate template)
    {
        var violations = new List<string>();
        foreach (var site in template.OfType(SiteType))
        {
            foreach (var setting in site.AppSettings)
            {
                var text = setting.Value.ValueKind == JsonValueKind.Undefined ? "" : setting.Value.GetRawText();
                foreach (var marker in SecretMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
                {
                    violations.Add($"{site.Describe()}: app setting {setting.Name} contains '{marker}'");
                }
            }

            if (site.Get("properties", "siteConfig", "connectionStrings") is { } connectionStrings
                && connectionStrings.ValueKind != JsonValueKind.Null
                && !(connectionStrings.ValueKind == JsonValueKind.Array && connectionStrings.GetArrayLength() == 0))
            {
                violations.Add($"{site.Describe()}: siteConfig.connectionStrings must not be used");
            }
        }

        return violations;
    }

    /// <summary>The template must not read keys of any resource (listKeys and friends).</summary>
    public static IReadOnlyList<string> KeyListingViolations(ArmTemplate template) =>
        SecretMarkers
            .Where(m => m.EndsWith('(') && template.RawText.Contains(m, StringComparison.OrdinalIgnoreCase))
            .Select(m => $"the template calls {m}...)")
            .ToList();

    public static IReadOnlyList<string> ApplicationInsightsLocalAuthViolations(ArmTemplate template) =>
        Check(template, ApplicationInsightsType, component =>
            component.GetBool("properties", "DisableLocalAuth") == true
                ? null
                : $"DisableLocalAuth must be true, is {Show(component.Resolve("properties", "DisableLocalAuth"))}");

    /// <summary>Every role assignment is scoped to one resource and grants no forbidden (over-broad) role.</summary>
    public static IReadOnlyList<string> RoleAssignmentViolations(ArmTemplate template)
    {
        var violations = new List<string>();
        foreach (var assignment in template.OfType(RoleAssignmentType))
        {
            var scopeType = ScopeResourceType(assignment);
            if (scopeType is null)
            {
                violations.Add($"{assignment.Describe()}: scope must be a single resource, is {Show(assignment.Get("scope"))}");
            }
            else if (ContainerScopeTypes.Contains(scopeType, StringComparer.OrdinalIgnoreCase))
            {
                violations.Add($"{assignment.Describe()}: scope must be a single resource, not a {scopeType}");
            }

            var role = RoleDefinitionGuid(assignment);
            if (role is null && AssignsCustomRoleOfTemplate(assignment))
            {
                continue; // checked by CustomRoleViolations
            }

            if (role is null)
            {
                violations.Add($"{assignment.Describe()}: the role definition id must be a literal GUID, is {Show(assignment.Resolve("properties", "roleDefinitionId"))}");
            }
            else if (ForbiddenRoles.TryGetValue(role, out var roleName))
            {
                violations.Add($"{assignment.Describe()}: assigns {roleName} ({role})");
            }
        }

        return violations;
    }

    /// <summary>
    /// The resource type a role assignment's `scope` points at (e.g. Microsoft.Storage/storageAccounts), or null when
    /// it has no scope (so it applies to the whole resource group or subscription it is deployed to) or the scope is not
    /// a resource id.
    /// </summary>
    public static string? ScopeResourceType(ArmResource assignment)
    {
        if (assignment.Resolve("scope") is not { ValueKind: JsonValueKind.String } scope)
        {
            return null;
        }

        var text = scope.GetString() ?? "";
        var match = ScopeTypeInExpression().Match(text);
        if (match.Success)
        {
            return match.Groups["type"].Value;
        }

        match = ScopeTypeInPath().Match(text);
        return match.Success ? match.Groups["type"].Value : null;
    }

    public const string RoleDefinitionType = "Microsoft.Authorization/roleDefinitions";

    /// <summary>Text that must not appear in an action of a custom role: wildcards, deletes, key access, access management.</summary>
    private static readonly string[] PermissionLists = ["actions", "dataActions"];

    public static readonly IReadOnlyList<string> ForbiddenCustomRoleActionParts = ["*", "/delete", "listkeys", "regeneratekey", "Microsoft.Authorization/"];

    /// <summary>The assignment grants a custom role this template defines (resourceId('Microsoft.Authorization/roleDefinitions', guid(...))).</summary>
    public static bool AssignsCustomRoleOfTemplate(ArmResource assignment) =>
        assignment.Resolve("properties", "roleDefinitionId") is { ValueKind: JsonValueKind.String } id
        && (id.GetString() ?? "").StartsWith("[resourceId('Microsoft.Authorization/roleDefinitions', guid(", StringComparison.Ordinal);

    /// <summary>Custom roles: no wildcards, nothing that deletes, reads keys or grants access; assignable only in the resource group.</summary>
    public static IReadOnlyList<string> CustomRoleViolations(ArmTemplate template)
    {
        var violations = new List<string>();
        foreach (var role in template.OfType(RoleDefinitionType))
        {
            var permissions = role.Resolve("properties", "permissions");
            var actions = permissions is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().SelectMany(p => PermissionLists
                    .Where(k => p.TryGetProperty(k, out _))
                    .SelectMany(k => p.GetProperty(k).EnumerateArray().Select(a => a.GetString() ?? "")))
                    .ToList()
                : null;
            if (actions is null)
            {
                violations.Add($"{role.Describe()}: permissions must be a literal list");
                continue;
            }

            violations.AddRange(actions
                .Where(a => ForbiddenCustomRoleActionParts.Any(f => a.Contains(f, StringComparison.OrdinalIgnoreCase)))
                .Select(a => $"{role.Describe()}: grants {a}"));
            if (role.Resolve("properties", "assignableScopes") is not { ValueKind: JsonValueKind.Array } scopes
                || scopes.GetArrayLength() != 1 || scopes[0].GetString() != "[resourceGroup().id]")
            {
                violations.Add($"{role.Describe()}: assignableScopes must be exactly the resource group");
            }
        }

        return violations;
    }

    /// <summary>The GUID in the role definition id, when it is written literally in the template.</summary>
    public static string? RoleDefinitionGuid(ArmResource assignment) =>
        assignment.Resolve("properties", "roleDefinitionId") is { ValueKind: JsonValueKind.String } id
        && Guid().Match(id.GetString() ?? "") is { Success: true } match
            ? match.Value.ToLowerInvariant()
            : null;

    private static List<string> Check(ArmTemplate template, string type, Func<ArmResource, string?> check) =>
        template.OfType(type)
            .Select(r => (Resource: r, Problem: check(r)))
            .Where(x => x.Problem is not null)
            .Select(x => $"{x.Resource.Describe()}: {x.Problem}")
            .ToList();

    private static string Show(JsonElement? value) => value is { } v ? v.GetRawText() : "(missing)";

    // resourceId('Microsoft.Storage/storageAccounts', ...) or extensionResourceId(..., 'Microsoft.X/y', ...)
    [GeneratedRegex(@"\b(?:resourceId|extensionResourceId)\(.*?'(?<type>Microsoft\.[A-Za-z0-9]+/[A-Za-z0-9./]+)'", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeTypeInExpression();

    // A literal or format()ed path: .../providers/Microsoft.X/y/name or Microsoft.X/y/name
    [GeneratedRegex(@"(?:^|/providers/|\[format\(')(?<type>Microsoft\.[A-Za-z0-9]+/[A-Za-z0-9]+)/", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeTypeInPath();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
