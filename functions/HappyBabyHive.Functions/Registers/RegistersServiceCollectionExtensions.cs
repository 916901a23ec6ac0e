using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Registers;

public static class RegistersServiceCollectionExtensions
{
    /// <summary>The registers the owner reads (and downloads as CSV) and ticks attendance on, from the console and the admin API.</summary>
    public static IServiceCollection AddRegisters(this IServiceCollection services) =>
        services
            .AddSingleton<IRegisterService, RegisterService>()
            .AddSingleton<IAttendanceService, AttendanceService>();
}
