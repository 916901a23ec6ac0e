using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.OwnerConsole;

public static class OwnerConsoleServiceCollectionExtensions
{
    /// <summary>The owner's console web layer (issue 7): sign-in, sessions, and its pages. Its services are registered elsewhere.</summary>
    public static IServiceCollection AddOwnerConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OwnerConsoleOptions>()
            .Bind(configuration.GetSection(OwnerConsoleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<OwnerAddresses>();
        services.AddSingleton<OwnerSignInLinks>();
        services.AddSingleton<IOwnerSignInService, OwnerSignInService>();
        services.AddSingleton<SignInRateLimiter>();
        services.AddSingleton<IOutboxEmailComposer, OwnerSignInEmailComposer>();
        services.AddSingleton<OwnerSessionCookie>();
        services.AddSingleton<OwnerSessions>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ConsoleGuard>();

        services.AddSingleton<ConsolePage>();
        services.AddSingleton<SignInPages>();
        services.AddSingleton<DashboardPage>();
        services.AddSingleton<DashboardQuery>();
        services.AddSingleton<CoursePages>();
        services.AddSingleton<CourseFormPage>();
        services.AddSingleton<SettingsPage>();
        services.AddSingleton<RegisterPage>();
        services.AddSingleton<BookingPages>();
        services.AddSingleton<BookingPaymentPage>();
        services.AddSingleton<TipsPage>();
        services.AddSingleton<DonationReportPage>();
        services.AddSingleton<DevicesPage>();
        services.AddSingleton<PersonalDataPage>();
        return services;
    }
}
