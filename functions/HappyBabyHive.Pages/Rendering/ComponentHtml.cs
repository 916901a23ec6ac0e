using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Pages.Rendering;

/// <summary>
/// Renders a component to an HTML string with the app's one <see cref="HtmlRenderer"/> (register it as a singleton:
/// the renderer is built for reuse, and its dispatcher serialises renders, each well under a millisecond).
/// Every component in this library takes its view model as a parameter named <c>Model</c>.
/// </summary>
public sealed class ComponentHtml(IServiceProvider services, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly HtmlRenderer renderer = new(services, loggerFactory);

    /// <summary>Renders <typeparamref name="TComponent"/> with <paramref name="model"/> as its <c>Model</c>.</summary>
    public Task<string> RenderAsync<TComponent>(object model)
        where TComponent : IComponent =>
        RenderAsync<TComponent>(new Dictionary<string, object?> { [ModelParameter] = model });

    /// <summary>Renders <typeparamref name="TComponent"/> with the given parameters.</summary>
    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

    /// <summary>A fragment that renders <typeparamref name="TComponent"/> with <paramref name="model"/>: a layout's body.</summary>
    public static RenderFragment Fragment<TComponent>(object model)
        where TComponent : IComponent => builder =>
    {
        builder.OpenComponent<TComponent>(0);
        builder.AddAttribute(1, ModelParameter, model);
        builder.CloseComponent();
    };

    public ValueTask DisposeAsync() => renderer.DisposeAsync();

    // The conventional parameter name, spelled once.
    private const string ModelParameter = "Model";
}
