using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Pages.Rendering;

/// <summary>
/// Renders a component to an HTML string (register one as a singleton; components take their view model as a
/// parameter named <c>Model</c>). Each render gets its own <see cref="HtmlRenderer"/>, disposed when done: a renderer
/// keeps every root component it has rendered (and their whole tree) until it is disposed, and HtmlRenderer has no way
/// to remove one, so one renderer shared for the app's life retained about 96 KB per booking page, for ever.
/// A renderer is cheap to make: the render itself dominates.
/// </summary>
public sealed class ComponentHtml(IServiceProvider services, ILoggerFactory loggerFactory)
{
    /// <summary>Renders <typeparamref name="TComponent"/> with <paramref name="model"/> as its <c>Model</c>.</summary>
    public Task<string> RenderAsync<TComponent>(object model)
        where TComponent : IComponent =>
        RenderAsync<TComponent>(new Dictionary<string, object?> { [ModelParameter] = model });

    /// <summary>Renders <typeparamref name="TComponent"/> with the given parameters.</summary>
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    /// <summary>A fragment that renders <typeparamref name="TComponent"/> with <paramref name="model"/>: a layout's body.</summary>
    public static RenderFragment Fragment<TComponent>(object model)
        where TComponent : IComponent => builder =>
    {
        builder.OpenComponent<TComponent>(0);
        builder.AddAttribute(1, ModelParameter, model);
        builder.CloseComponent();
    };

    // The conventional parameter name, spelled once.
    private const string ModelParameter = "Model";
}
