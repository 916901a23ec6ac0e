using System.Reflection;
using HappyBabyHive.LocalRunner.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>Produces one argument of a function call from the trigger that fired.</summary>
internal delegate object? ArgumentSource<in TTrigger>(TTrigger trigger, CancellationToken cancellationToken);

/// <summary>
/// Calls one function the way the worker does: a new instance of its class per invocation (constructor injection
/// from the invocation's scope), arguments bound by type and name, and the result awaited whatever its shape
/// (void, T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;).
/// </summary>
internal sealed class FunctionInvoker<TTrigger>
{
    private readonly ArgumentSource<TTrigger>[] arguments;
    private readonly ObjectFactory? activate;
    private readonly Func<object, Task<object?>> awaitResult;

    private FunctionInvoker(LocalFunction function, ArgumentSource<TTrigger>[] arguments)
    {
        Function = function;
        this.arguments = arguments;
        activate = function.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(function.Method.DeclaringType!, Type.EmptyTypes);
        awaitResult = ResultAwaiter(function.Method.ReturnType);
    }

    public LocalFunction Function { get; }

    /// <summary>
    /// Binds every parameter with <paramref name="bind"/>; a parameter it cannot bind is reported in
    /// <paramref name="problems"/> (start-up fails on any), and null is returned.
    /// </summary>
    public static FunctionInvoker<TTrigger>? Create(LocalFunction function, Func<ParameterInfo, ArgumentSource<TTrigger>?> bind, ICollection<string> problems)
    {
        var sources = new List<ArgumentSource<TTrigger>>();
        var bound = true;
        foreach (var parameter in function.Method.GetParameters())
        {
            if (bind(parameter) is { } source)
            {
                sources.Add(source);
                continue;
            }

            bound = false;
            problems.Add($"{function.Name}: the local runner cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.FullName} " +
                $"on a {function.Trigger.Type} function. {Hint(parameter.ParameterType)}");
        }

        return bound ? new FunctionInvoker<TTrigger>(function, [.. sources]) : null;
    }

    /// <summary>Runs the function; its own exceptions propagate unwrapped.</summary>
    public async Task<object?> InvokeAsync(IServiceProvider services, TTrigger trigger, CancellationToken cancellationToken)
    {
        var values = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i](trigger, cancellationToken);
        }

        var instance = activate?.Invoke(services, null);
        try
        {
            var result = Function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null);
            return result is null ? null : await awaitResult(result);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static string Hint(Type type) => type.Name switch
    {
        "FunctionContext" => "FunctionContext only exists inside the real worker; inject the services you need (ILogger<T>, TimeProvider, ...) instead.",
        "HttpRequestData" => "Use ASP.NET Core's HttpRequest (the app uses the ASP.NET Core integration).",
        _ => "Supported: HttpRequest, HttpContext, route values as string and CancellationToken (HTTP); the message as QueueMessage, string, BinaryData, byte[] or a JSON POCO, and CancellationToken (queues); TimerInfo and CancellationToken (timers).",
    };

    private static Func<object, Task<object?>> ResultAwaiter(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return async result =>
            {
                await (result is ValueTask valueTask ? valueTask.AsTask() : (Task)result);
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var value = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                await (Task)result;
                return value.GetValue(result);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var value = asTask.ReturnType.GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                var task = (Task)asTask.Invoke(result, null)!;
                await task;
                return value.GetValue(task);
            };
        }

        return Task.FromResult<object?>;
    }
}
