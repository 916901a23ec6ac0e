using System.Text.Json;
using System.Text.RegularExpressions;

namespace HappyBabyHive.Infra.Tests.Arm;

/// <summary>
/// A compiled ARM template (the output of `bicep build`), with every resource of the template and of its nested
/// deployments (Bicep modules) flattened into <see cref="Resources"/>. Handles both ARM layouts: resources as an array
/// and, with languageVersion 2.0, as an object keyed by symbolic name.
/// </summary>
public sealed class ArmTemplate
{
    private ArmTemplate(JsonElement root)
    {
        Root = root;
        RootScope = new ArmScope(root, suppliedParameters: null, parent: null, path: "main");
        var resources = new List<ArmResource>();
        Collect(RootScope, resources);
        Resources = resources;
    }

    /// <summary>The template JSON.</summary>
    public JsonElement Root { get; }

    /// <summary>The top-level template and the parameters it declares.</summary>
    public ArmScope RootScope { get; }

    /// <summary>Every resource declaration, including the nested deployments themselves and what they contain.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The template text, for searches over the whole template.</summary>
    public string RawText => Root.GetRawText();

    public static ArmTemplate Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ArmTemplate(document.RootElement.Clone());
    }

    /// <summary>Resources of one type (case-insensitive), leaving out `existing` references.</summary>
    public IReadOnlyList<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase) && !r.IsExisting).ToList();

    /// <summary>The function app: the Microsoft.Web/sites resource whose kind contains "functionapp".</summary>
    public ArmResource FunctionApp =>
        OfType("Microsoft.Web/sites").SingleOrDefault(r => (r.GetString("kind") ?? "").Contains("functionapp", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException("The template has no single function app (Microsoft.Web/sites with kind functionapp).");

    /// <summary>
    /// The NAMES of the function app's app settings (siteConfig.appSettings), in template order.
    /// Use this for a drift test against the configuration keys the app code reads.
    /// </summary>
    public IReadOnlyList<string> GetFunctionAppSettingNames() =>
        FunctionApp.AppSettings.Select(s => s.Name).ToList();

    private static void Collect(ArmScope scope, List<ArmResource> into)
    {
        if (!scope.Template.TryGetProperty("resources", out var resources))
        {
            return;
        }

        foreach (var (symbol, resource) in Enumerate(resources))
        {
            CollectResource(scope, symbol, resource, into);
        }
    }

    private static void CollectResource(ArmScope scope, string symbol, JsonElement resource, List<ArmResource> into)
    {
        var item = new ArmResource(resource, scope, symbol);
        into.Add(item);

        // Child resources declared inline (not emitted by Bicep, but valid ARM).
        if (resource.TryGetProperty("resources", out var children))
        {
            foreach (var (childSymbol, child) in Enumerate(children))
            {
                CollectResource(scope, $"{symbol}/{childSymbol}", child, into);
            }
        }

        if (string.Equals(item.Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
            && resource.TryGetProperty("properties", out var properties)
            && properties.TryGetProperty("template", out var nestedTemplate))
        {
            properties.TryGetProperty("parameters", out var supplied);
            var nested = new ArmScope(
                nestedTemplate,
                supplied.ValueKind == JsonValueKind.Object ? supplied : null,
                scope,
                $"{scope.Path}/{item.Name ?? symbol}");
            Collect(nested, into);
        }
    }

    private static IEnumerable<(string Symbol, JsonElement Resource)> Enumerate(JsonElement resources) =>
        resources.ValueKind switch
        {
            JsonValueKind.Array => resources.EnumerateArray().Select((r, i) => ($"[{i}]", r)),
            JsonValueKind.Object => resources.EnumerateObject().Select(p => (p.Name, p.Value)),
            _ => [],
        };
}

/// <summary>One template (the main one or a nested deployment's) and the parameter values passed to it.</summary>
public sealed partial class ArmScope
{
    internal ArmScope(JsonElement template, JsonElement? suppliedParameters, ArmScope? parent, string path)
    {
        Template = template;
        SuppliedParameters = suppliedParameters;
        Parent = parent;
        Path = path;
    }

    public JsonElement Template { get; }

    /// <summary>The nested deployment's `properties.parameters` (values evaluated in the parent scope).</summary>
    public JsonElement? SuppliedParameters { get; }

    public ArmScope? Parent { get; }

    /// <summary>A readable location such as main/functionapp.</summary>
    public string Path { get; }

    /// <summary>The declared type of a parameter of this template (string, securestring, array, ...).</summary>
    public string? ParameterType(string name) =>
        Template.TryGetProperty("parameters", out var parameters)
        && parameters.TryGetProperty(name, out var parameter)
        && parameter.TryGetProperty("type", out var type)
            ? type.GetString()
            : null;

    /// <summary>
    /// Follows `[parameters('x')]` (to the value a parent deployment passes, or the default) and `[variables('x')]`
    /// until a literal or some other expression is reached. Other expressions are returned unchanged.
    /// </summary>
    public JsonElement Resolve(JsonElement value) => ResolveWithOrigin(value).Value;

    /// <summary>Like <see cref="Resolve"/>, also telling which scope the value finally came from.</summary>
    public (JsonElement Value, ArmScope Scope) ResolveWithOrigin(JsonElement value)
    {
        for (var depth = 0; depth < 32; depth++)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return (value, this);
            }

            var text = value.GetString()!;
            var parameter = ParameterReference().Match(text);
            if (parameter.Success)
            {
                var name = parameter.Groups["name"].Value;
                // A conditional module parameter compiles to one expression for the whole {value: ...}: left as it is.
                if (SuppliedParameters is { } supplied
                    && supplied.TryGetProperty(name, out var passed)
                    && passed.ValueKind == JsonValueKind.Object
                    && passed.TryGetProperty("value", out var passedValue)
                    && Parent is not null)
                {
                    return Parent.ResolveWithOrigin(passedValue);
                }

                if (Template.TryGetProperty("parameters", out var declared)
                    && declared.TryGetProperty(name, out var declaration)
                    && declaration.TryGetProperty("defaultValue", out var defaultValue))
                {
                    value = defaultValue;
                    continue;
                }

                return (value, this);
            }

            var variable = VariableReference().Match(text);
            if (variable.Success
                && Template.TryGetProperty("variables", out var variables)
                && variables.TryGetProperty(variable.Groups["name"].Value, out var variableValue))
            {
                value = variableValue;
                continue;
            }

            return (value, this);
        }

        throw new InvalidOperationException($"Parameter/variable references nest too deeply in {Path}.");
    }

    /// <summary>True for an ARM expression string: "[...]" but not the "[[" escape of a literal.</summary>
    public static bool IsExpression(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: >= 2 } text
        && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex VariableReference();
}

/// <summary>A name/value pair of siteConfig.appSettings.</summary>
public sealed record AppSetting(string Name, JsonElement Value);

/// <summary>A resource declaration inside a template, with the scope needed to resolve its values.</summary>
public sealed class ArmResource
{
    internal ArmResource(JsonElement json, ArmScope scope, string symbol)
    {
        Json = json;
        Scope = scope;
        Symbol = symbol;
        Type = json.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
    }

    public JsonElement Json { get; }

    public ArmScope Scope { get; }

    /// <summary>The symbolic name (languageVersion 2.0) or the array index.</summary>
    public string Symbol { get; }

    public string Type { get; }

    public string? Name => Json.TryGetProperty("name", out var name) ? name.GetString() : null;

    public bool IsExisting => Json.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>Deployed only when its "condition" holds.</summary>
    public bool IsConditional => Json.TryGetProperty("condition", out _);

    /// <summary>For messages: where the resource is and what it is.</summary>
    public string Describe() => $"{Type} '{Name}' ({Scope.Path})";

    /// <summary>The raw JSON at a path of property names, e.g. ("properties", "siteConfig", "ftpsState").</summary>
    public JsonElement? Get(params string[] path)
    {
        var current = Json;
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !TryGetPropertyIgnoreCase(current, segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The value at a path, with parameter and variable references followed (see <see cref="ArmScope.Resolve"/>).</summary>
    public JsonElement? Resolve(params string[] path) => Get(path) is { } value ? Scope.Resolve(value) : null;

    public string? GetString(params string[] path) =>
        Resolve(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>True or false when the resolved value is a JSON boolean; null when missing or an expression.</summary>
    public bool? GetBool(params string[] path) =>
        Resolve(path) switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };

    /// <summary>siteConfig.appSettings of a Microsoft.Web/sites resource (empty when it has none).</summary>
    public IReadOnlyList<AppSetting> AppSettings =>
        Resolve("properties", "siteConfig", "appSettings") is { ValueKind: JsonValueKind.Array } settings
            ? settings.EnumerateArray()
                .Select(s => new AppSetting(
                    s.TryGetProperty("name", out var name) ? Scope.Resolve(name).GetString() ?? "" : "",
                    s.TryGetProperty("value", out var value) ? Scope.Resolve(value) : default))
                .ToList()
            : [];

    private static bool TryGetPropertyIgnoreCase(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
