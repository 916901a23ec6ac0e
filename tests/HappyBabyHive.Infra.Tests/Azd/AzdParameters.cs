using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HappyBabyHive.Infra.Tests.Azd;

/// <summary>
/// What azd does with infra/main.parameters.json before a deployment, done offline (azure-dev cli/azd, bicep_provider.go
/// loadParameters and the parameter conversion after it):
/// 1. the RAW file is parsed as JSON (azd 1.15+): an unquoted ${VAR} makes the whole provision fail;
/// 2. ${VAR} and ${VAR=default} inside string values are replaced with azd environment values;
/// 3. $(secretOrRandomPassword ...) is evaluated: with no secret to read, azd generates 15 characters;
/// 4. each value is converted to the template parameter's type (bool, int), and an empty string for a parameter with
///    a default is left out, so the template's default applies.
/// </summary>
public static partial class AzdParameters
{
    /// <summary>The length of azd's generated password when no length is given (pkg/password/generator.go: 5 lower, 5 upper, 5 digits).</summary>
    public const int AzdGeneratedSecretLength = 15;

    /// <summary>Step 1: the file as JSON, exactly as written. Throws <see cref="JsonException"/> like azd's unmarshal.</summary>
    public static JsonObject ParseRaw(string rawText) =>
        JsonNode.Parse(rawText)?.AsObject() ?? throw new JsonException("main.parameters.json is empty.");

    /// <summary>Steps 1 to 3: parameter name to substituted value (still as written: a string, or whatever JSON it was).</summary>
    public static IReadOnlyDictionary<string, JsonNode?> Substitute(string rawText, IReadOnlyDictionary<string, string> environment)
    {
        var parameters = ParseRaw(rawText)["parameters"]?.AsObject()
            ?? throw new JsonException("main.parameters.json has no parameters object.");
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, parameter) in parameters)
        {
            var value = parameter?["value"];
            result[name] = value is JsonValue v && v.TryGetValue<string>(out var text)
                ? JsonValue.Create(EvaluateCommands(SubstituteVariables(text, environment)))
                : value?.DeepClone();
        }

        return result;
    }

    /// <summary>
    /// All four steps against the compiled template's parameter declarations: name to the JSON value azd sends to ARM.
    /// Parameters left out (empty with a default) are missing from the result.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement> ForDeployment(string rawText, IReadOnlyDictionary<string, string> environment, JsonElement templateParameters)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in Substitute(rawText, environment))
        {
            if (!templateParameters.TryGetProperty(name, out var declaration))
            {
                throw new InvalidOperationException($"main.parameters.json sets '{name}', which main.bicep does not declare.");
            }

            var type = declaration.GetProperty("type").GetString()!.ToLowerInvariant();
            var hasDefault = declaration.TryGetProperty("defaultValue", out _);
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                if (text.Length == 0 && hasDefault)
                {
                    continue;
                }

                result[name] = type switch
                {
                    "bool" => JsonSerializer.SerializeToElement(bool.Parse(text)),
                    "int" => JsonSerializer.SerializeToElement(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
                    "array" or "object" => JsonDocument.Parse(text).RootElement.Clone(),
                    _ => JsonSerializer.SerializeToElement(text),
                };
            }
            else
            {
                result[name] = JsonSerializer.SerializeToElement(value);
            }
        }

        return result;
    }

    /// <summary>Every ${...} in the raw text, and how many of them sit inside JSON string values.</summary>
    public static (int InRawText, int InsideStrings) CountSubstitutions(string rawText)
    {
        var insideStrings = ParseRaw(rawText)["parameters"]!.AsObject()
            .Select(p => p.Value?["value"])
            .OfType<JsonValue>()
            .Sum(v => v.TryGetValue<string>(out var s) ? Variable().Count(s) : 0);
        return (Variable().Count(rawText), insideStrings);
    }

    private static string SubstituteVariables(string text, IReadOnlyDictionary<string, string> environment) =>
        Variable().Replace(text, m =>
            environment.TryGetValue(m.Groups["name"].Value, out var value)
                ? value
                : m.Groups["default"].Success ? m.Groups["default"].Value : "");

    // azd's secretOrRandomPassword: reads the secret when it can, otherwise generates a 15-character password. Offline
    // there is never a secret to read, which is exactly the first provision.
    private static string EvaluateCommands(string text) =>
        SecretOrRandomPassword().Replace(text, _ => AzdStylePassword());

    private static string AzdStylePassword()
    {
        const string lower = "abcdefghijklmnopqrstuvwxyz", upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", digits = "0123456789";
        var characters = Enumerable.Range(0, 5).Select(_ => lower[RandomNumberGenerator.GetInt32(lower.Length)])
            .Concat(Enumerable.Range(0, 5).Select(_ => upper[RandomNumberGenerator.GetInt32(upper.Length)]))
            .Concat(Enumerable.Range(0, 5).Select(_ => digits[RandomNumberGenerator.GetInt32(digits.Length)]))
            .ToArray();
        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }

    // ${NAME} or ${NAME=default}
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?<default>[^}]*))?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$\(secretOrRandomPassword[^)]*\)")]
    private static partial Regex SecretOrRandomPassword();
}
