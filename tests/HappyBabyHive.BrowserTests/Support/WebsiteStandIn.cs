using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>
/// A stand-in for the business's website, on another 127.0.0.1 port (so another origin): one page that embeds a form
/// in an iframe with the README's postMessage height snippet.
/// </summary>
public sealed class WebsiteStandIn : IAsyncDisposable
{
    /// <summary>The iframe's id on the stand-in page, as in the README's snippet.</summary>
    public const string FrameId = "hbh-form";

    private readonly WebApplication app;

    private WebsiteStandIn(WebApplication app) => this.app = app;

    public static async Task<WebsiteStandIn> StartAsync(int port, Uri formUrl, Uri functionsOrigin, string frameTitle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var origin = functionsOrigin.GetLeftPart(UriPartial.Authority);
        app.MapGet("/", () => Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>Our classes</title></head>
            <body>
            <h1>Our classes</h1>
            <iframe id="{{FrameId}}" src="{{formUrl}}" title="{{frameTitle}}" style="width:100%;border:0;height:600px" loading="lazy"></iframe>
            <script>
              window.addEventListener("message", function (event) {
                if (event.origin !== "{{origin}}" || !event.data || event.data.type !== "happybabyhive:height") return;
                document.getElementById("{{FrameId}}").style.height = event.data.height + "px";
              });
            </script>
            </body></html>
            """, "text/html; charset=utf-8"));
        await app.StartAsync();
        return new WebsiteStandIn(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
