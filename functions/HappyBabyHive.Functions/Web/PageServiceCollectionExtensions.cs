using HappyBabyHive.Pages.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace HappyBabyHive.Web;

public static class PageServiceCollectionExtensions
{
    /// <summary>The one component renderer for the app and the page result helper every HTML page goes through.</summary>
    public static IServiceCollection AddPageRendering(this IServiceCollection services)
    {
        services.AddSingleton<ComponentHtml>();
        services.AddSingleton<PageResults>();
        return services;
    }
}
