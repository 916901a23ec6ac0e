using HappyBabyHive.Pages.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HappyBabyHive.Tests.Web;

/// <summary>The app's one component-to-HTML service keeps nothing of a page once the page is rendered.</summary>
public sealed class ComponentHtmlTests
{
    [Fact]
    public async Task A_rendered_component_is_not_kept_alive_by_the_renderer()
    {
        var html = new ComponentHtml(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        var rendered = await RenderProbesAsync(html, count: 20);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // One renderer for the app's life kept every root component (and its tree) until the app stopped: ~96 KB a page.
        Assert.Equal(0, rendered.Count(probe => probe.TryGetTarget(out _)));
    }

    // Not inlined, so no local in this frame keeps a probe alive during the collection.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<List<WeakReference<Probe>>> RenderProbesAsync(ComponentHtml html, int count)
    {
        var probes = new List<WeakReference<Probe>>();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal("probe", await html.RenderAsync<Probe>(new ProbeModel(probes)));
        }

        Assert.Equal(count, probes.Count);
        return probes;
    }

    private sealed record ProbeModel(List<WeakReference<Probe>> Made);

    /// <summary>A component that records itself as it is rendered.</summary>
    private sealed class Probe : IComponent
    {
        private RenderHandle handle;

        [Parameter]
        public ProbeModel? Model { get; set; }

        public void Attach(RenderHandle renderHandle) => handle = renderHandle;

        public Task SetParametersAsync(ParameterView parameters)
        {
            parameters.SetParameterProperties(this);
            Model!.Made.Add(new WeakReference<Probe>(this));
            handle.Render(builder => builder.AddContent(0, "probe"));
            return Task.CompletedTask;
        }
    }
}
