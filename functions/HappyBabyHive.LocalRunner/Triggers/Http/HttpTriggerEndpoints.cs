using System.Diagnostics;
using System.Reflection;
using HappyBabyHive.Http;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Metadata;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.LocalRunner.Triggers.Http;

/// <summary>
/// Serves every httpTrigger at <c>{routePrefix}/{route}</c> with its methods and auth level, and runs the returned
/// IActionResult the way the worker's ASP.NET Core integration does (FunctionsHttpProxyingMiddleware), so content
/// negotiation, JSON web defaults and problem+json behave the same.
/// </summary>
internal sealed partial class HttpTriggerEndpoints
{
    private readonly IReadOnlyList<FunctionInvoker<HttpContext>> functions;

    private HttpTriggerEndpoints(IReadOnlyList<FunctionInvoker<HttpContext>> functions) => this.functions = functions;

    public static HttpTriggerEndpoints Create(IEnumerable<LocalFunction> functions, ICollection<string> problems)
    {
        var invokers = new List<FunctionInvoker<HttpContext>>();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var route = Route(function);
            HashSet<string> routeValues;
            try
            {
                routeValues = RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
            catch (RoutePatternException e)
            {
                problems.Add($"{function.Name}: route '{route}' is not a valid route template ({e.Message}).");
                continue;
            }

            if (FunctionInvoker<HttpContext>.Create(function, p => Bind(function, p, routeValues), problems) is { } invoker)
            {
                invokers.Add(invoker);
            }
        }

        return new HttpTriggerEndpoints(invokers);
    }

    public void Map(WebApplication app, string routePrefix)
    {
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var logger = app.Services.GetRequiredService<ILogger<HttpTriggerEndpoints>>();
        foreach (var function in functions)
        {
            var pattern = routePrefix.Length == 0 ? Route(function.Function) : $"{routePrefix}/{Route(function.Function)}";
            RequestDelegate handler = context => HandleAsync(function, keys, logger, context);
            var builder = function.Function.Trigger.Methods is { Count: > 0 } methods
                ? app.MapMethods(pattern, methods.Select(m => m.ToUpperInvariant()), handler)
                : app.Map(pattern, handler);
            builder.WithDisplayName(function.Function.Name);
        }
    }

    private static string Route(LocalFunction function) => (function.Trigger.Route ?? function.Name).Trim('/');

    private static ArgumentSource<HttpContext>? Bind(LocalFunction function, ParameterInfo parameter, HashSet<string> routeValues)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return (context, _) => context.Request;
        }

        if (type == typeof(HttpContext))
        {
            return (context, _) => context;
        }

        if (type == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        if (type == typeof(string) && parameter.Name is { } name && routeValues.Contains(name) && name != function.Trigger.Name)
        {
            return (context, _) => context.Request.RouteValues[name]?.ToString();
        }

        return null;
    }

    private static async Task HandleAsync(FunctionInvoker<HttpContext> function, FunctionKeys keys, ILogger logger, HttpContext context)
    {
        var name = function.Function.Name;

        // The worker's SecurityHeadersMiddleware does this in Azure; the runner has no worker middleware.
        SecurityHeaders.ApplyWhenStarting(context.Response);
        if (!keys.Allows(context.Request, function.Function.Trigger.AuthLevel))
        {
            LogUnauthorized(logger, name, context.Request.Method);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // RequestServices is already this request's own DI scope, and the action result executors resolve from it.
            var result = await function.InvokeAsync(context.RequestServices, context, context.RequestAborted);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteResultAsync(context, result);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            LogExecuted(logger, name, context.Request.Method, context.Response.StatusCode, elapsed.TotalMilliseconds);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, name, context.Request.Method);
        }
        catch (Exception e)
        {
            // The worker's StorageOutageMiddleware does this in Azure; the runner has no worker middleware, so it
            // calls the same StorageOutage, which writes the 503 and logs it.
            if (await context.RequestServices.GetRequiredService<StorageOutage>().TryWriteAsync(context, e, name))
            {
                return;
            }

            LogFailed(logger, name, context.Request.Method, e.GetType(), new AppFrames(e, function.Function.Method.DeclaringType!));
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            var problem = new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
                Title = "Something went wrong on our side.",
                Status = StatusCodes.Status500InternalServerError,
            };
            await WriteResultAsync(context, new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } });
        }
    }

    private static Task WriteResultAsync(HttpContext context, object? result) => result switch
    {
        null => Task.CompletedTask,
        IActionResult action => action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(context),
        _ => new ObjectResult(result).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} answered {Method} with {StatusCode} in {ElapsedMs:0} ms")]
    private static partial void LogExecuted(ILogger logger, string function, string method, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} refused a {Method} request without a valid key (401)")]
    private static partial void LogUnauthorized(ILogger logger, string function, string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Function}: the client went away during a {Method} request")]
    private static partial void LogAborted(ILogger logger, string function, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} threw {ExceptionType} handling a {Method} request, at {Where}; answered 500")]
    private static partial void LogFailed(ILogger logger, string function, string method, Type exceptionType, AppFrames where);
}
