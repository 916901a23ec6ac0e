using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Abuse;

public static class AbuseServiceCollectionExtensions
{
    /// <summary>Form tokens and the shared limits (docs/abuse-resistance.md). The store (<see cref="ILimitStore"/>) is registered with the other stores.</summary>
    public static IServiceCollection AddAbuseResistance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AbuseOptions>()
            .Bind(configuration.GetSection(AbuseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LimitKeys>();
        services.AddSingleton<SharedLimits>();
        services.AddSingleton<PublicLimits>();
        services.AddSingleton<FormTokens>();
        services.AddSingleton<ExpiredLimits>();
        return services;
    }
}
