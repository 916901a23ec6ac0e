using System.Text.Json;

namespace HappyBabyHive.LocalRunner.Metadata;

/// <summary>One entry of <c>functions.metadata</c>, the file the Worker SDK writes for the Functions host.</summary>
public sealed record FunctionMetadata
{
    public string Name { get; init; } = string.Empty;

    /// <summary><c>Namespace.Class.Method</c>.</summary>
    public string EntryPoint { get; init; } = string.Empty;

    public string ScriptFile { get; init; } = string.Empty;

    public IReadOnlyList<BindingMetadata> Bindings { get; init; } = [];

    /// <summary>The single input binding whose type ends in "Trigger", or null when there is none.</summary>
    public BindingMetadata? Trigger => Bindings.SingleOrDefault(b => b.IsTrigger);
}

public sealed record BindingMetadata
{
    public string Name { get; init; } = string.Empty;

    /// <summary>httpTrigger, queueTrigger, timerTrigger, http (the HTTP response), ...</summary>
    public string Type { get; init; } = string.Empty;

    public string Direction { get; init; } = string.Empty;

    public string? Route { get; init; }

    /// <summary>Null means every method.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    public string? AuthLevel { get; init; }

    public string? QueueName { get; init; }

    public string? Connection { get; init; }

    public string? Schedule { get; init; }

    public bool RunOnStartup { get; init; }

    public bool IsTrigger =>
        Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) && Direction.Equals("In", StringComparison.OrdinalIgnoreCase);

    public bool IsType(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);
}

public static class FunctionMetadataFile
{
    public const string FileName = "functions.metadata";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static IReadOnlyList<FunctionMetadata> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing. The runner's build copies it from the functions project's build output; run 'dotnet build functions/HappyBabyHive.LocalRunner'.",
                path);
        }

        using var file = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<FunctionMetadata>>(file, Json) ?? [];
    }
}
