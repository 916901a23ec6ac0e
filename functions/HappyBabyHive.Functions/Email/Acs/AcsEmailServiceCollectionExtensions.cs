using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Email.Acs;

public static class AcsEmailServiceCollectionExtensions
{
    /// <summary>Key of the <see cref="TokenCredential"/> used for ACS; tests register a fake under it first.</summary>
    public const string CredentialKey = "Acs";

    /// <summary>
    /// Registers <see cref="AcsEmailSender"/> as the <see cref="IEmailSender"/>: options from section "Acs" (validated at
    /// start-up), the authenticator for the configured mode, and the typed HttpClient with its resilience pipeline.
    /// </summary>
    public static IServiceCollection AddAcsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AcsOptions>()
            .Bind(configuration.GetSection(AcsOptions.SectionName))
            .Configure(o =>
            {
                // infra/app/functionapp.bicep sets AZURE_CLIENT_ID to the app's user-assigned identity.
                if (string.IsNullOrWhiteSpace(o.ManagedIdentityClientId))
                {
                    o.ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<AcsThrottle>();
        services.TryAddKeyedSingleton<TokenCredential>(CredentialKey, (sp, _) =>
            CreateCredential(sp.GetRequiredService<IOptions<AcsOptions>>().Value, configuration));
        services.TryAddSingleton<IAcsRequestAuthenticator>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.UsesAccessKey
                ? new AcsHmacAuthenticator(AcsConnectionString.Parse(options.ConnectionString!).AccessKey, time)
                : new AcsEntraAuthenticator(sp.GetRequiredKeyedService<TokenCredential>(CredentialKey), time);
        });
        services.TryAddTransient<AcsAuthenticationHandler>();

        var client = services
            .AddHttpClient<AcsEmailSender>((sp, http) =>
            {
                // A backstop only: the resilience handler's total timeout ends a send first.
                http.Timeout = sp.GetRequiredService<IOptions<AcsOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(5);
            })
            // OutboxProcessor is a singleton and keeps the IEmailSender (and so this HttpClient) it was given, so the
            // factory never rotates its handler: recycle pooled connections here instead, to follow DNS changes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Order matters: handlers nest in the order added, the first outermost. The resilience handler goes first so
        // that the authentication handler below runs inside its retry loop, once per attempt.
        client.AddStandardResilienceHandler().Configure(static (o, sp) =>
            ConfigureResilience(o, sp.GetRequiredService<IOptions<AcsOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        client.AddHttpMessageHandler<AcsAuthenticationHandler>();

        services.TryAddTransient<IEmailSender>(sp => sp.GetRequiredService<AcsEmailSender>());
        return services;
    }

    internal static void ConfigureResilience(HttpStandardResilienceOptions o, AcsOptions acs, TimeProvider time)
    {
        o.AttemptTimeout.Timeout = acs.AttemptTimeout;
        o.TotalRequestTimeout.Timeout = acs.TotalTimeout;

        // POST is retried (the standard handler does so unless DisableForUnsafeHttpMethods is called) ONLY because every
        // attempt carries the same Repeatability-Request-Id, with which ACS answers a repeat of a send it already has with
        // the original answer (or 409 while it is in progress) instead of sending again. Remove it and these retries
        // could send an email twice.
        o.Retry.MaxRetryAttempts = acs.MaxRetryAttempts;
        o.Retry.Delay = acs.RetryDelay;
        o.Retry.ShouldRetryAfterHeader = true;
        var maxWait = acs.MaxRetryAfterToWaitInProcess;
        o.Retry.ShouldHandle = args => ValueTask.FromResult(
            HttpClientResiliencePredicates.IsTransient(args.Outcome)
            && !(args.Outcome.Result is { } response && AcsThrottle.IsLongThrottle(response, maxWait, time)));

        // The default breaker needs 100 calls in 30 s before it can open: at our volume (ACS allows 30 to 100 emails an
        // hour) it never would. Six failed attempts (one email's four plus a bit) at a 50 % failure rate within a
        // minute open it for 30 s, so an ACS outage makes the queued emails fail fast rather than each spending four
        // attempts on it; the queue and the outbox sweep try them again later. 429s are not failures here: throttling
        // is handled by Retry-After and AcsThrottle.
        o.CircuitBreaker.MinimumThroughput = 6;
        o.CircuitBreaker.FailureRatio = 0.5;
        o.CircuitBreaker.SamplingDuration = Max(TimeSpan.FromMinutes(1), acs.AttemptTimeout * 2);
        o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        o.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            HttpClientResiliencePredicates.IsTransient(args.Outcome)
            && args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests);
    }

    /// <summary>
    /// In Azure (the platform sets IDENTITY_ENDPOINT when the app has a managed identity) the managed identity directly;
    /// elsewhere DefaultAzureCredential (az login, Visual Studio, ...), still told which managed identity to use.
    /// </summary>
    internal static TokenCredential CreateCredential(AcsOptions options, IConfiguration configuration)
    {
        var clientId = options.ManagedIdentityClientId;
        if (!string.IsNullOrWhiteSpace(configuration["IDENTITY_ENDPOINT"]))
        {
            return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
