using System.Text;
using System.Text.Json;
using HappyBabyHive.Infra.Tests.Arm;
using Xunit;

namespace HappyBabyHive.Infra.Tests.Bicep;

/// <summary>One lint finding from `bicep lint --diagnostics-format sarif`.</summary>
public sealed record LintFinding(string RuleId, string Message, string File, int Line)
{
    public override string ToString() => $"{File}({Line}): {RuleId}: {Message}";
}

/// <summary>
/// infra/main.bicep compiled to ARM JSON (in a temp folder) and every .bicep file under infra/ linted, once per test
/// run, however many test classes ask for it. Use <see cref="GetAsync"/> or the <see cref="InfraFixture"/> class fixture.
/// The tests compile a copy of infra/ whose bicepconfig.json has every rule raised to error (<see cref="StrictConfig"/>):
/// the repository's own config keeps them at warning, because azd runs `bicep build` and an error-level rule such as
/// use-recent-api-versions would turn an ageing API version into a failed deployment.
/// </summary>
public sealed class CompiledInfra
{
    private static readonly Lazy<Task<CompiledInfra>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ArmTemplate? template;

    private CompiledInfra(
        BicepRunResult build,
        BicepRunResult lint,
        IReadOnlyList<string> bicepFiles,
        int lintedFileCount,
        IReadOnlyList<LintFinding> lintFindings,
        ArmTemplate? template)
    {
        Build = build;
        Lint = lint;
        BicepFiles = bicepFiles;
        LintedFileCount = lintedFileCount;
        LintFindings = lintFindings;
        this.template = template;
    }

    /// <summary>The result of `bicep build main.bicep`.</summary>
    public BicepRunResult Build { get; }

    /// <summary>The result of `bicep lint --pattern **/*.bicep` over infra/.</summary>
    public BicepRunResult Lint { get; }

    /// <summary>Every .bicep file under infra/, relative to it.</summary>
    public IReadOnlyList<string> BicepFiles { get; }

    /// <summary>How many files the linter reported on (one SARIF document each).</summary>
    public int LintedFileCount { get; }

    public IReadOnlyList<LintFinding> LintFindings { get; }

    /// <summary>The compiled main template. Throws with the compiler's output when main.bicep did not compile.</summary>
    public ArmTemplate Template =>
        template ?? throw new InvalidOperationException("infra/main.bicep did not compile." + Environment.NewLine + Build.Describe());

    public static Task<CompiledInfra> GetAsync() => Shared.Value;

    private static async Task<CompiledInfra> CreateAsync()
    {
        var outputDirectory = Directory.CreateTempSubdirectory("happybabyhive-infra-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(outputDirectory);
        var compiledPath = Path.Combine(outputDirectory, "main.json");
        var infra = CopyWithStrictConfig(BicepCli.InfraDirectory, Path.Combine(outputDirectory, "infra"));

        var bicepFiles = Directory
            .EnumerateFiles(infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(infra, f))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Both in parallel: each is a separate process taking a few seconds.
        var buildTask = BicepCli.RunAsync(infra, CancellationToken.None, "build", "main.bicep", "--outfile", compiledPath);
        var lintTask = BicepCli.RunAsync(infra, CancellationToken.None, "lint", "--pattern", "**/*.bicep", "--diagnostics-format", "sarif");
        var build = await buildTask.ConfigureAwait(false);
        var lint = await lintTask.ConfigureAwait(false);

        var (lintedFileCount, findings) = ParseSarif(lint.StandardOutput);

        ArmTemplate? template = null;
        if (build.ExitCode == 0 && File.Exists(compiledPath))
        {
            template = ArmTemplate.Parse(await File.ReadAllTextAsync(compiledPath).ConfigureAwait(false));
        }

        return new CompiledInfra(build, lint, bicepFiles, lintedFileCount, findings, template);
    }

    /// <summary>The given bicepconfig.json text with every analyzer rule at level "error" (the project's zero-findings gate).</summary>
    public static string StrictConfig(string configJson)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(configJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        foreach (var (_, rule) in config["analyzers"]!["core"]!["rules"]!.AsObject())
        {
            rule!["level"] = "error";
        }

        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Copies infra/ (only .bicep and .json files) and writes the strict config into the copy.</summary>
    private static string CopyWithStrictConfig(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var configPath = Path.Combine(destination, "bicepconfig.json");
        File.WriteAllText(configPath, StrictConfig(File.ReadAllText(configPath)));
        return destination;
    }

    /// <summary>With --pattern, bicep prints one SARIF document per linted file, one after the other.</summary>
    private static (int Documents, IReadOnlyList<LintFinding> Findings) ParseSarif(string output)
    {
        var findings = new List<LintFinding>();
        var documents = 0;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using (var document = JsonDocument.ParseValue(ref reader))
            {
                documents++;
                foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
                {
                    foreach (var result in run.GetProperty("results").EnumerateArray())
                    {
                        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                        findings.Add(new LintFinding(
                            result.GetProperty("ruleId").GetString() ?? "?",
                            result.GetProperty("message").GetProperty("text").GetString() ?? "",
                            location.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "?",
                            location.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var line) ? line.GetInt32() : 0));
                    }
                }
            }
        }

        return (documents, findings);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>xUnit class fixture: waits for the shared <see cref="CompiledInfra"/> before a test class runs.</summary>
public sealed class InfraFixture : IAsyncLifetime
{
    private CompiledInfra? infra;

    public CompiledInfra Infra => infra ?? throw new InvalidOperationException("The fixture has not been initialised.");

    /// <summary>The compiled infra/main.bicep.</summary>
    public ArmTemplate Template => Infra.Template;

    public async Task InitializeAsync() => infra = await CompiledInfra.GetAsync().ConfigureAwait(false);

    public Task DisposeAsync() => Task.CompletedTask;
}
