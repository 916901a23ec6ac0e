using FluentValidation;
using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.FreePlaces;

public static class FreePlaceServiceCollectionExtensions
{
    /// <summary>Free places: requests, the owner's review page and admin API, their emails, and the note purge (issue 3).</summary>
    public static IServiceCollection AddFreePlaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FreePlaceOptions>()
            .Bind(configuration.GetSection(FreePlaceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IValidator<FreePlaceRequest>, FreePlaceRequestValidator>();
        services.AddSingleton<IFreePlaceRequestService, FreePlaceRequestService>();
        services.AddSingleton<IFreePlaceDecisionService, FreePlaceDecisionService>();
        services.AddSingleton<IFreePlaceNotePurger, FreePlaceNotePurger>();
        services.AddSingleton<FreePlaceReviewLinks>();
        services.AddSingleton<ReviewLinkGate>();
        services.AddSingleton<IOutboxEmailComposer, FreePlaceEmailComposer>();
        return services;
    }
}
