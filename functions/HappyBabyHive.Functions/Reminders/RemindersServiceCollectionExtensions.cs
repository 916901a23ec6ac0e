using HappyBabyHive.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Reminders;

public static class RemindersServiceCollectionExtensions
{
    /// <summary>Session reminders: the options, the service the timer and the dashboard call, and the email's composer.</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection(ReminderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IReminderService, ReminderService>();
        services.AddSingleton<IOutboxEmailComposer, ReminderEmailComposer>();
        return services;
    }
}
