using System.Net;
using HappyBabyHive.LocalRunner.Metadata;
using HappyBabyHive.LocalRunner.Triggers.Admin;
using HappyBabyHive.LocalRunner.Triggers.Http;
using HappyBabyHive.LocalRunner.Triggers.Queues;
using HappyBabyHive.LocalRunner.Triggers.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>
/// Serves the function app's functions on Kestrel without the Functions host, driven by functions.metadata:
/// HTTP triggers under <c>/api</c>, queue triggers polled from storage, timer triggers on their schedule, and
/// <c>POST /admin/functions/{name}</c> to run a timer or queue function now. The app's services come from the same
/// <c>AddHappyBabyHive</c> that Program.cs calls. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    // Lowest layer of configuration. ASP.NET Core's request logs include query strings, which can hold keys.
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    private readonly WebApplication app;
    private readonly OnDemandTriggers triggers;
    private bool disposed;

    private LocalFunctionsHost(WebApplication app, Uri baseAddress, IReadOnlyList<FunctionMetadata> functions, string routePrefix)
    {
        this.app = app;
        BaseAddress = baseAddress;
        ApiBaseAddress = routePrefix.Length == 0 ? baseAddress : new Uri(baseAddress, routePrefix + "/");
        Functions = functions;
        triggers = app.Services.GetRequiredService<OnDemandTriggers>();
        Keys = app.Services.GetRequiredService<FunctionKeys>();
    }

    /// <summary>For example http://127.0.0.1:7071/ (the admin API lives here).</summary>
    public Uri BaseAddress { get; }

    /// <summary>For example http://127.0.0.1:7071/api/ (the HTTP functions live here).</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>The root services: the app's (AddHappyBabyHive) and the runner's.</summary>
    public IServiceProvider Services => app.Services;

    public IConfiguration Configuration => app.Configuration;

    /// <summary>The functions being served (disabled ones left out).</summary>
    public IReadOnlyList<FunctionMetadata> Functions { get; }

    public FunctionKeys Keys { get; }

    public static async Task<LocalFunctionsHost> StartAsync(LocalFunctionsHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalFunctionsHostOptions();
        var directory = Path.GetFullPath(options.FunctionsDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalFunctionsHost).Assembly.GetName().Name,
            ContentRootPath = directory,
            EnvironmentName = Environments.Development,
            Args = [],
        });

        // Only the Functions layering (no appsettings.json or command line): what the functions see under Core Tools.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(LoggingDefaults).AddRunnerSources(directory, options.Settings);
        var configuration = builder.Configuration;

        var hostJson = HostJson.Load(directory, configuration);
        var problems = new List<string>();
        var functions = LocalFunction.Resolve(FunctionMetadataFile.Load(directory), directory, problems)
            .Where(f => !IsDisabled(configuration, f.Name))
            .ToList();
        var http = HttpTriggerEndpoints.Create(functions, problems);
        var queues = QueueTriggerService.Plan(functions, configuration, problems);
        var timers = TimerTriggerService.Plan(functions, configuration, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The local runner cannot serve this function app:\n  - " + string.Join("\n  - ", problems));
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
            console.ColorBehavior = LoggerColorBehavior.Default;
        });

        var services = builder.Services;

        // The caller owns Ctrl-C and SIGTERM (Program.cs stops the emulators too; a test stops by disposing).
        services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();

        // What IActionResult execution needs (executors, output formatters with JSON web defaults); the worker's
        // ASP.NET Core integration registers MVC too.
        services.AddMvcCore();
        services.AddHappyBabyHive(configuration);

        services.AddSingleton(hostJson);
        services.AddSingleton<FunctionKeys>();
        services.AddSingleton<QueueConnections>();
        foreach (var queue in queues)
        {
            services.AddSingleton(queue);
        }

        foreach (var timer in timers)
        {
            services.AddSingleton(timer);
        }

        services.AddSingleton<QueueTriggerService>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueTriggerService>());
        services.AddSingleton<TimerTriggerService>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerTriggerService>());
        services.AddSingleton<OnDemandTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<OnDemandTriggers>());

        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        http.Map(app, hostJson.RoutePrefix);
        app.MapAdminEndpoints();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalFunctionsHost(app, new Uri(address.TrimEnd('/') + "/"), functions.Select(f => f.Metadata).ToList(), hostJson.RoutePrefix);
    }

    /// <summary>
    /// Runs a timer or queue function now and waits for it to finish; the function's exception propagates.
    /// <paramref name="input"/> is a queue function's message text. The admin endpoint does the same without waiting.
    /// </summary>
    public Task TriggerAsync(string functionName, string? input = null, CancellationToken cancellationToken = default) =>
        triggers.RunAsync(functionName, input, cancellationToken);

    /// <summary>An HttpClient addressed at <see cref="ApiBaseAddress"/>; the caller disposes it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = ApiBaseAddress };

    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>The Functions host's switch: app setting <c>AzureWebJobs.{name}.Disabled</c> = true.</summary>
    private static bool IsDisabled(ConfigurationManager configuration, string functionName) =>
        new[] { configuration[$"AzureWebJobs.{functionName}.Disabled"], configuration[$"AzureWebJobs:{functionName}:Disabled"] }
            .Any(v => v is not null && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1"));

    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
