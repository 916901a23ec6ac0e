using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Infra.Tests.Arm;

namespace HappyBabyHive.Infra.Tests.Azd;

/// <summary>
/// The app settings a deployment would give the function app, worked out offline from the compiled template and the
/// parameter values azd sends (see <see cref="AzdParameters"/>):
/// <list type="bullet">
/// <item>`[parameters('x')]` is followed through every module to main.bicep, then to the deployment's value or default;</item>
/// <item>a Key Vault reference is resolved the way App Service does it: to the secret's value when the vault holds the
/// secret (written by this deployment or an earlier one, see <see cref="Vault"/>), otherwise to the literal
/// `@Microsoft.KeyVault(...)` text, which is what the app then receives;</item>
/// <item>any other expression (resource ids, endpoints, client ids) becomes a realistic value chosen by setting name;
/// a setting the rehearsal has no value for fails loudly, so a new setting cannot slip through unrehearsed.</item>
/// </list>
/// </summary>
public sealed partial class DeploymentRehearsal(ArmTemplate template, IReadOnlyDictionary<string, JsonElement> deploymentParameters, Dictionary<string, string> vault)
{
    public const string VaultUri = "https://kv-rehearsal0001.vault.azure.net/";

    /// <summary>The secrets in the environment's Key Vault after this deployment (name to current value).</summary>
    public IReadOnlyDictionary<string, string> Vault => vault;

    /// <summary>Runs the deployment: writes the secrets it declares (when their condition holds), then returns the app settings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Deploy(IReadOnlyDictionary<string, string> realisticValues)
    {
        foreach (var secret in template.OfType("Microsoft.KeyVault/vaults/secrets"))
        {
            if (secret.Get("condition") is { } condition && !IsTrue(secret.Scope, condition))
            {
                continue;
            }

            var name = SecretName().Match(secret.Name ?? "").Groups["name"].Value;
            vault[name] = Evaluate(secret.Scope, secret.Get("properties", "value")!.Value)
                ?? throw new InvalidOperationException($"The rehearsal cannot work out the value of secret {name}.");
        }

        var settings = new List<KeyValuePair<string, string>>();
        foreach (var setting in template.FunctionApp.Json.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray())
        {
            var scope = template.FunctionApp.Scope;
            var name = Evaluate(scope, setting.GetProperty("name")) ?? throw new InvalidOperationException($"Setting name {setting} is an expression.");
            var raw = setting.GetProperty("value");
            var value = Evaluate(scope, raw) is { } evaluated && !evaluated.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal)
                ? evaluated
                : Expand(scope, raw.GetRawText(), depth: 0) is var expanded && expanded.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal)
                    ? ResolveKeyVaultReference(expanded)
                    : Evaluate(scope, raw)
                  ?? (realisticValues.TryGetValue(name, out var realistic)
                      ? realistic
                      : throw new InvalidOperationException($"The rehearsal has no realistic value for app setting {name} ({raw}): add one."));
            settings.Add(KeyValuePair.Create(name, value));
        }

        return settings;
    }

    // App Service: the secret's current value when it can be read, otherwise the reference text itself.
    private string ResolveKeyVaultReference(string expanded)
    {
        var secret = SecretInReference().Match(expanded);
        if (!secret.Success)
        {
            throw new InvalidOperationException($"The rehearsal cannot tell which secret this reference names: {expanded}.");
        }

        var name = secret.Groups["name"].Value;
        var versionParameter = secret.Groups["versioned"].Success ? VersionParameter().Match(expanded) : null;
        var version = versionParameter is { Success: true } ? Evaluate(template.RootScope, ParameterElement(versionParameter.Groups["name"].Value)) : null;
        // if(empty(parameters('someVersion')), '', '@Microsoft.KeyVault(...)') (Bicep may wrap both in createObject('value', ...)):
        // a reference only while the version is set.
        if (versionParameter is { Success: true } && string.IsNullOrEmpty(version)
            && Regex.IsMatch(expanded, $@"if\(empty\(parameters\('{versionParameter.Groups["name"].Value}'\)\), (createObject\('value', )?''"))
        {
            return "";
        }

        var key = string.IsNullOrEmpty(version) ? name : $"{name}/{version}";
        return vault.TryGetValue(key, out var value) ? value : $"@Microsoft.KeyVault(SecretUri={VaultUri}secrets/{key})";
    }

    /// <summary>
    /// The expression text with each parameters('x') replaced by what the parent deployment passes, and each module
    /// output reference (outputs.x.value) by that output's expression: enough to see which secret a reference names.
    /// </summary>
    private string Expand(ArmScope scope, string text, int depth)
    {
        if (depth > 6)
        {
            return text;
        }

        text = ParameterAnywhere().Replace(text, m =>
            scope.SuppliedParameters is { } supplied && supplied.TryGetProperty(m.Groups["name"].Value, out var passed) && scope.Parent is { } parent
                ? "(" + Expand(parent, (passed.ValueKind == JsonValueKind.Object ? passed.GetProperty("value") : passed).GetRawText(), depth + 1) + ")"
                : m.Value);
        // A secret's own secretUri property names the secret.
        text = SecretUriProperty().Replace(text, m =>
            template.OfType("Microsoft.KeyVault/vaults/secrets").FirstOrDefault(r => r.Symbol == m.Groups["symbol"].Value) is { } secret
                ? "secrets/" + SecretName().Match(secret.Name ?? "").Groups["name"].Value
                : m.Value);
        return ModuleOutput().Replace(text, m =>
        {
            var output = template.Resources
                .Where(r => r.Type == "Microsoft.Resources/deployments")
                .Select(r => r.Json.GetProperty("properties").GetProperty("template"))
                .Where(t => t.TryGetProperty("outputs", out var outputs) && outputs.TryGetProperty(m.Groups["name"].Value, out _))
                .Select(t => t.GetProperty("outputs").GetProperty(m.Groups["name"].Value).GetProperty("value").GetRawText())
                .FirstOrDefault();
            return output is null ? m.Value : "(" + output + ")";
        });
    }

    private static JsonElement ParameterElement(string name) => JsonSerializer.SerializeToElement($"[parameters('{name}')]");

    private bool IsTrue(ArmScope scope, JsonElement condition)
    {
        var match = NotEmptyParameter().Match(condition.GetString() ?? "");
        if (!match.Success)
        {
            throw new InvalidOperationException($"The rehearsal cannot evaluate the condition {condition}; teach it.");
        }

        return !string.IsNullOrEmpty(Evaluate(scope, ParameterElement(match.Groups["name"].Value)));
    }

    /// <summary>A literal, or a chain of parameters()/variables() ending in one; null for any other expression.</summary>
    private string? Evaluate(ArmScope scope, JsonElement value)
    {
        for (var depth = 0; depth < 32; depth++)
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number)
            {
                return value.GetRawText();
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var text = value.GetString()!;
            if (!ArmScope.IsExpression(value))
            {
                return text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text;
            }

            var parameter = Parameter().Match(text);
            if (parameter.Success)
            {
                var name = parameter.Groups["name"].Value;
                if (scope.SuppliedParameters is { } supplied && supplied.TryGetProperty(name, out var passed) && scope.Parent is { } parent)
                {
                    if (passed.ValueKind != JsonValueKind.Object)
                    {
                        return null; // the whole {value: ...} is an expression, e.g. a conditional module parameter
                    }

                    scope = parent;
                    value = passed.GetProperty("value");
                    continue;
                }

                if (scope.Parent is null && deploymentParameters.TryGetValue(name, out var deployed))
                {
                    value = deployed;
                    continue;
                }

                if (scope.Template.GetProperty("parameters").GetProperty(name).TryGetProperty("defaultValue", out var defaultValue))
                {
                    value = defaultValue;
                    continue;
                }

                throw new InvalidOperationException($"Parameter {name} of {scope.Path} has no value: the deployment would fail.");
            }

            var variable = Variable().Match(text);
            if (variable.Success && scope.Template.TryGetProperty("variables", out var variables)
                && variables.TryGetProperty(variable.Groups["name"].Value, out var variableValue))
            {
                value = variableValue;
                continue;
            }

            return null;
        }

        throw new InvalidOperationException("References nest too deeply.");
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\[not\(empty\(parameters\('(?<name>[^']+)'\)\)\)\]$")]
    private static partial Regex NotEmptyParameter();

    // Bicep compiles a child secret's name to format('{0}/{1}', parameters('name'), 'link-signing-key').
    [GeneratedRegex(@"'(?<name>[a-z0-9-]+)'\)\]$")]
    private static partial Regex SecretName();

    // ...secrets/link-signing-key  or  ...secrets/link-signing-key/{n} (a version filled in from a parameter)
    [GeneratedRegex(@"secrets/(?<name>[a-z0-9-]+)(?<versioned>/\{\d\})?")]
    private static partial Regex SecretInReference();

    [GeneratedRegex(@"parameters\('(?<name>[A-Za-z0-9]*Version)'\)")]
    private static partial Regex VersionParameter();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)")]
    private static partial Regex ParameterAnywhere();

    [GeneratedRegex(@"reference\('(?<symbol>[A-Za-z0-9_]+)'\)\.secretUri")]
    private static partial Regex SecretUriProperty();

    [GeneratedRegex(@"outputs\.(?<name>[A-Za-z0-9_]+)\.value")]
    private static partial Regex ModuleOutput();
}
