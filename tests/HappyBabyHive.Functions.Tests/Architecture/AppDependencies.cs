using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HappyBabyHive.Tests.Architecture;

/// <summary>
/// Which app type refers to which type, read from the compiled assembly with Mono.Cecil (the reader NetArchTest uses):
/// signatures, attributes, and every type, method and field a method body touches, so a dependency hidden in a
/// lambda, an async state machine or a local variable counts too. Compiler-generated nested types are charged to the
/// type that declares them.
/// </summary>
internal sealed class AppDependencies
{
    private const string Root = "HappyBabyHive";

    private AppDependencies(IReadOnlyDictionary<string, IReadOnlySet<string>> typeReferences) => TypeReferences = typeReferences;

    /// <summary>The app assembly read once for every architecture test.</summary>
    public static AppDependencies App { get; } = Read(typeof(ServiceCollectionExtensions).Assembly.Location);

    /// <summary>Full name of each app type (outermost declaring type) → full names of the types it refers to.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> TypeReferences { get; }

    /// <summary>
    /// The feature of a namespace: its first segment under HappyBabyHive (HappyBabyHive.Courses.Management → Courses).
    /// Null for the root namespace (Program, ServiceCollectionExtensions: the composition root) and for anything outside
    /// the app (System.*, generated System.Text.RegularExpressions.Generated, ...).
    /// </summary>
    public static string? FeatureOf(string typeFullName)
    {
        if (!typeFullName.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = typeFullName[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot]; // no dot left: a type in the root namespace itself
    }

    /// <summary>Feature → feature edges, each with the types (from → to) that make it, for messages a reader can act on.</summary>
    public IReadOnlyDictionary<(string From, string To), IReadOnlyList<string>> FeatureEdges()
    {
        var edges = new Dictionary<(string, string), List<string>>();
        foreach (var (type, references) in TypeReferences)
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            foreach (var reference in references)
            {
                if (FeatureOf(reference) is { } to && to != from)
                {
                    if (!edges.TryGetValue((from, to), out var why))
                    {
                        edges[(from, to)] = why = [];
                    }

                    why.Add($"{type} → {reference}");
                }
            }
        }

        return edges.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value.Order(StringComparer.Ordinal).ToList());
    }

    private static AppDependencies Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var type in module.Types)
        {
            if (type.Name == "<Module>")
            {
                continue;
            }

            var references = new HashSet<string>(StringComparer.Ordinal);
            Collect(type, references);
            references.Remove(type.FullName);
            result[type.FullName] = references;
        }

        return new AppDependencies(result);
    }

    private static void Collect(TypeDefinition type, HashSet<string> into)
    {
        Add(type.BaseType, into);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType, into);
        }

        Attributes(type.CustomAttributes, into);
        foreach (var parameter in type.GenericParameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Add(constraint.ConstraintType, into);
            }
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType, into);
            Attributes(field.CustomAttributes, into);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, into);
            Attributes(property.CustomAttributes, into);
        }

        foreach (var @event in type.Events)
        {
            Add(@event.EventType, into);
        }

        foreach (var method in type.Methods)
        {
            Method(method, into);
        }

        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, into);
        }
    }

    private static void Method(MethodDefinition method, HashSet<string> into)
    {
        Add(method.ReturnType, into);
        Attributes(method.CustomAttributes, into);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, into);
            Attributes(parameter.CustomAttributes, into);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            Add(variable.VariableType, into);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    Add(t, into);
                    break;
                case MethodReference m:
                    Add(m.DeclaringType, into);
                    Add(m.ReturnType, into);
                    foreach (var p in m.Parameters)
                    {
                        Add(p.ParameterType, into);
                    }

                    if (m is GenericInstanceMethod g)
                    {
                        foreach (var argument in g.GenericArguments)
                        {
                            Add(argument, into);
                        }
                    }

                    break;
                case FieldReference f:
                    Add(f.DeclaringType, into);
                    Add(f.FieldType, into);
                    break;
                case Instruction or Instruction[] or VariableDefinition or ParameterDefinition or CallSite or null:
                    break;
            }
        }
    }

    private static void Attributes(IEnumerable<CustomAttribute> attributes, HashSet<string> into)
    {
        foreach (var attribute in attributes)
        {
            Add(attribute.AttributeType, into);
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is TypeReference t)
                {
                    Add(t, into);
                }
            }
        }
    }

    private static void Add(TypeReference? type, HashSet<string> into)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, into);
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, into);
                }

                return;
            case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                Add(specification.ElementType, into);
                return;
        }

        // A nested type counts as its outermost declaring type (Foo/<>c → Foo), whose namespace is the one that matters.
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        into.Add(type.FullName);
    }
}
