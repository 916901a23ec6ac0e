using Azure.Core;
using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HappyBabyHive.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Application Insights from the worker itself (Microsoft.Azure.Functions.Worker.ApplicationInsights), only when
    /// APPLICATIONINSIGHTS_CONNECTION_STRING is set, so a local run and the tests send nothing anywhere. The worker then
    /// reports its own logs (Warning and above, the SDK's default filter), its calls to Table, Queue and Blob storage
    /// and to ACS as dependencies, and exceptions, all through <see cref="TelemetryScrubber"/>. With
    /// APPLICATIONINSIGHTS_AUTHENTICATION_STRING "ClientId=…;Authorization=AAD" (what functionapp.bicep sets) it
    /// authenticates with that managed identity, since the Application Insights resource has local auth disabled.
    /// </summary>
    public static IServiceCollection AddHappyBabyHiveTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        // The worker's Application Insights setup reads IConfiguration from the container; the Functions host has
        // registered it already, a bare ServiceCollection (tests, the deployment rehearsal) has not.
        services.TryAddSingleton(configuration);
        services.AddApplicationInsightsTelemetryWorkerService(o => o.ConnectionString = connectionString);
        services.ConfigureFunctionsApplicationInsights();
        services.AddApplicationInsightsTelemetryProcessor<TelemetryScrubber>();

        if (EntraCredential(configuration[AuthenticationStringSetting]) is { } credential)
        {
            services.Configure<TelemetryConfiguration>(c => c.SetAzureTokenCredential(credential));
        }

        return services;
    }

    /// <summary>"ClientId=&lt;guid&gt;;Authorization=AAD" → that user-assigned identity; "Authorization=AAD" alone → the system-assigned one.</summary>
    internal static TokenCredential? EntraCredential(string? authenticationString)
    {
        var parts = (authenticationString ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var mode) || !string.Equals(mode, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
