using FluentValidation;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.WellbeingTips;

public static class WellbeingTipsServiceCollectionExtensions
{
    /// <summary>
    /// The weekly wellbeing tips: content, subscriptions (double opt-in), publishing, fan-out and sending. Their stores
    /// and queues are registered with the storage layer, in AddHappyBabyHive.
    /// </summary>
    public static IServiceCollection AddWellbeingTips(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WellbeingTipsOptions>()
            .Bind(configuration.GetSection(WellbeingTipsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ITipLibrary, TipLibrary>();
        services.AddSingleton<SubscriptionLinks>();
        services.AddSingleton<TipsEmails>();
        services.AddSingleton<IValidator<SubscriptionRequest>, SubscriptionRequestValidator>();
        services.AddSingleton<ISubscriptionService, SubscriptionService>();
        services.AddSingleton<IOutboxEmailComposer, TipSubscriptionEmailComposer>();
        services.AddSingleton<ITipPublisher, TipPublisher>();
        services.AddSingleton<ITipSender, TipSender>();
        services.AddSingleton<ITipArchive, TipArchive>();
        return services;
    }
}
