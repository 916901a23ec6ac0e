using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.LocalRunner.Hosting;

public sealed record LocalFunctionsHostOptions
{
    /// <summary>The Core Tools default. Zero picks a free port; <see cref="LocalFunctionsHost.BaseAddress"/> says which.</summary>
    public int Port { get; init; } = 7071;

    /// <summary>
    /// App settings layered over local.settings.json and environment variables, e.g. AzureWebJobsStorage or
    /// Smtp__Port. "__" or ":" separate sections. <c>AzureWebJobs.{Function}.Disabled = true</c> leaves a function out.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>Runs after the app's registrations, so it can replace any of them (e.g. TimeProvider).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Where functions.metadata, host.json and local.settings.json are: the runner's own output folder by default.</summary>
    public string FunctionsDirectory { get; init; } = AppContext.BaseDirectory;
}
