using HappyBabyHive.Configuration;
using HappyBabyHive.Pages.Rendering;
using HappyBabyHive.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.TestSupport;

/// <summary>The page renderer as the app builds it, for tests that render pages without a host.</summary>
public static class TestPages
{
    /// <summary>One renderer for every test, as the app keeps one.</summary>
    public static ComponentHtml Renderer { get; } = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    public static PageResults Results(IOptions<BrandingOptions> branding, IOptions<BusinessOptions> business, IOptions<WebsiteOptions> website) =>
        new(Renderer, branding, business, website);
}
