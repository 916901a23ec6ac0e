using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace HappyBabyHive.Telemetry;

/// <summary>
/// Last stop before telemetry leaves the worker: takes out what could identify a person or open something.
/// <list type="bullet">
/// <item>Query strings and fragments of every URL (request URLs, HTTP dependency data, URL-valued properties): emailed
/// links carry their signed token as <c>?token=…</c>, and table queries carry row keys in <c>$filter</c>.</item>
/// <item>The client IP address (Application Insights would otherwise record where a parent was when they booked).</item>
/// </list>
/// Everything else the app logs is already free of personal data by design (ids and codes only).
/// Telemetry the Functions host sends from its own process does not pass through here; see docs/operations.md.
/// </summary>
public sealed class TelemetryScrubber(ITelemetryProcessor next) : ITelemetryProcessor
{
    public void Process(ITelemetry item)
    {
        switch (item)
        {
            case RequestTelemetry request:
                request.Url = WithoutQuery(request.Url);
                request.Name = StripQuery(request.Name);
                break;
            case DependencyTelemetry dependency:
                dependency.Data = StripQuery(dependency.Data);
                dependency.Name = StripQuery(dependency.Name);
                break;
        }

        if (item is ISupportProperties withProperties)
        {
            foreach (var (key, value) in withProperties.Properties.ToList())
            {
                if (LooksLikeUrl(value))
                {
                    withProperties.Properties[key] = StripQuery(value);
                }
            }
        }

        item.Context.Location.Ip = "0.0.0.0";
        next.Process(item);
    }

    internal static Uri? WithoutQuery(Uri? url) =>
        url is null ? null
        : url.IsAbsoluteUri ? new Uri(url.GetLeftPart(UriPartial.Path))
        : new Uri(StripQuery(url.OriginalString)!, UriKind.Relative);

    /// <summary>Cuts a string at its first '?' or '#': a URL, a "GET /path?x=y" name, or a dependency's command text.</summary>
    internal static string? StripQuery(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var cut = text.IndexOfAny(['?', '#']);
        return cut < 0 ? text : text[..cut];
    }

    private static bool LooksLikeUrl(string? value) =>
        value is not null && (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith('/'));
}
