using FluentValidation;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Courses.Management;

public static class CourseManagementServiceCollectionExtensions
{
    /// <summary>The owner's console services (issue 7): course management, her settings and their emails (registers: AddRegisters).</summary>
    public static IServiceCollection AddCourseManagement(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<CourseDetails>, CourseDetailsValidator>();
        services.AddSingleton<ICourseManagementService, CourseManagementService>();
        services.AddSingleton<IOutboxEmailComposer, CourseCancelledEmailComposer>();
        services.AddSingleton<IValidator<BusinessSettingsInput>, BusinessSettingsInputValidator>();
        services.AddSingleton<IBusinessSettingsStore, BusinessSettingsStore>();
        return services;
    }
}
