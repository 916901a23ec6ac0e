using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Http;

/// <summary>
/// Belt and braces beside a signed token (the console's CSRF token, a review link's token), and the only check on the
/// console's sign-in forms, which have no session yet: a POST another site started is refused. Browsers send Sec-Fetch-Site on every request and Origin on POSTs; when
/// present they must say the form came from this origin.
/// </summary>
public static class SameSiteCheck
{
    /// <param name="publicBaseUrl">The app's public address (Business:PublicBaseUrl), which may differ from the Host the worker sees behind a proxy.</param>
    public static bool IsCrossSite(HttpRequest request, string publicBaseUrl)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return true;
        }

        // Our pages send Referrer-Policy: no-referrer, under which browsers send "Origin: null" on a form POST, so
        // "null" says nothing either way (Sec-Fetch-Site above does, in every current browser).
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0 || origin == "null")
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return true;
        }

        var sameAsRequest = request.Host.HasValue && string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        var sameAsPublic = Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicUri) &&
            string.Equals(originUri.GetLeftPart(UriPartial.Authority), publicUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
        return !(sameAsRequest || sameAsPublic);
    }
}
