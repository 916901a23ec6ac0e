using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>
/// The configuration the functions see, layered as Core Tools does: local.settings.json "Values", then environment
/// variables, then the caller's settings (tests). "__" in a key means ":" in every layer.
/// </summary>
public static partial class RunnerConfiguration
{
    public const string LocalSettingsFileName = "local.settings.json";

    public static IConfigurationRoot Build(string functionsDirectory, IReadOnlyDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder().AddRunnerSources(functionsDirectory, settings).Build();

    public static IConfigurationBuilder AddRunnerSources(this IConfigurationBuilder builder, string functionsDirectory, IReadOnlyDictionary<string, string?>? settings)
    {
        builder.AddInMemoryCollection(ReadLocalSettings(functionsDirectory));
        builder.AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(Normalize(s.Key), s.Value)));
        }

        return builder;
    }

    /// <summary>The "Values" of local.settings.json in <paramref name="functionsDirectory"/>; empty when there is no file.</summary>
    public static IReadOnlyDictionary<string, string?> ReadLocalSettings(string functionsDirectory)
    {
        var path = Path.Combine(functionsDirectory, LocalSettingsFileName);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var value in section.EnumerateObject())
            {
                values[Normalize(value.Name)] = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
            }
        }

        return values;
    }

    /// <summary>
    /// Resolves <c>%Setting%</c> binding expressions (queue names, schedules) from configuration, as the Functions host
    /// does. Returns null and names the missing setting when one is not configured.
    /// </summary>
    public static string? ResolveBindingExpression(IConfiguration configuration, string value, out string? missingSetting)
    {
        string? missing = null;
        var resolved = BindingExpression().Replace(value, match =>
        {
            var setting = configuration[Normalize(match.Groups[1].Value)];
            missing ??= setting is null ? match.Groups[1].Value : null;
            return setting ?? string.Empty;
        });
        missingSetting = missing;
        return missing is null ? resolved : null;
    }

    private static string Normalize(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    [GeneratedRegex("%([^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex BindingExpression();
}
