using System.Reflection;

namespace HappyBabyHive.LocalRunner.Metadata;

internal enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>A function from functions.metadata with its entry point resolved to a method by reflection.</summary>
internal sealed class LocalFunction
{
    private LocalFunction(FunctionMetadata metadata, BindingMetadata trigger, TriggerKind kind, MethodInfo method)
    {
        Metadata = metadata;
        Trigger = trigger;
        Kind = kind;
        Method = method;
    }

    public string Name => Metadata.Name;

    public FunctionMetadata Metadata { get; }

    public BindingMetadata Trigger { get; }

    public TriggerKind Kind { get; }

    public MethodInfo Method { get; }

    /// <summary>
    /// Resolves every entry; what cannot be served goes into <paramref name="problems"/> so start-up can report all
    /// of them at once.
    /// </summary>
    public static IReadOnlyList<LocalFunction> Resolve(IEnumerable<FunctionMetadata> metadata, string directory, ICollection<string> problems)
    {
        var functions = new List<LocalFunction>();
        foreach (var entry in metadata)
        {
            var triggers = entry.Bindings.Where(b => b.IsTrigger).ToList();
            if (triggers.Count != 1)
            {
                problems.Add($"{entry.Name}: expected exactly one trigger binding, found {triggers.Count}.");
                continue;
            }

            var trigger = triggers[0];
            TriggerKind? kind = trigger.Type.ToUpperInvariant() switch
            {
                "HTTPTRIGGER" => TriggerKind.Http,
                "QUEUETRIGGER" => TriggerKind.Queue,
                "TIMERTRIGGER" => TriggerKind.Timer,
                _ => null,
            };
            if (kind is null)
            {
                problems.Add($"{entry.Name}: the local runner does not support '{trigger.Type}' triggers (only httpTrigger, queueTrigger and timerTrigger).");
                continue;
            }

            foreach (var other in entry.Bindings.Where(b => b != trigger && !(b.IsType("http") && kind == TriggerKind.Http)))
            {
                problems.Add($"{entry.Name}: the local runner does not support the '{other.Type}' binding '{other.Name}'.");
            }

            if (FindMethod(entry, directory, problems) is { } method)
            {
                functions.Add(new LocalFunction(entry, trigger, kind.Value, method));
            }
        }

        return functions;
    }

    private static MethodInfo? FindMethod(FunctionMetadata entry, string directory, ICollection<string> problems)
    {
        var split = entry.EntryPoint.LastIndexOf('.');
        if (split <= 0)
        {
            problems.Add($"{entry.Name}: entry point '{entry.EntryPoint}' is not Namespace.Class.Method.");
            return null;
        }

        var (typeName, methodName) = (entry.EntryPoint[..split], entry.EntryPoint[(split + 1)..]);
        var assembly = LoadAssembly(entry.ScriptFile, directory);
        var type = assembly?.GetType(typeName, throwOnError: false);
        if (type is null)
        {
            problems.Add($"{entry.Name}: type '{typeName}' was not found in '{entry.ScriptFile}'.");
            return null;
        }

        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName)
            .ToList();

        // Overloads are legal C#; the one carrying [Function] is the function.
        var method = candidates.Count == 1
            ? candidates[0]
            : candidates.SingleOrDefault(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "FunctionAttribute"));
        if (method is null)
        {
            problems.Add($"{entry.Name}: no single public method '{methodName}' on '{typeName}'.");
        }

        return method;
    }

    private static Assembly? LoadAssembly(string scriptFile, string directory)
    {
        var name = Path.GetFileNameWithoutExtension(scriptFile);
        try
        {
            // The runner references the functions project, so its assembly resolves by name.
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            var path = Path.Combine(directory, scriptFile);
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
