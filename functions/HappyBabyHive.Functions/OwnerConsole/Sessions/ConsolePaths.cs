using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.OwnerConsole.Sessions;

/// <summary>
/// Where the console lives. Its routes are all under "console/", after the host's route prefix ("api" by default,
/// configurable in host.json), so links and the cookie path are taken from the request rather than assumed.
/// </summary>
public static class ConsolePaths
{
    public const string Segment = "console";

    /// <summary>The console's base path, e.g. "/api/console".</summary>
    public static string Base(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).Value ?? string.Empty;
        var marker = "/" + Segment;
        var at = path.IndexOf(marker + "/", StringComparison.Ordinal);
        if (at < 0 && path.EndsWith(marker, StringComparison.Ordinal))
        {
            at = path.Length - marker.Length;
        }

        return at < 0 ? "/api/" + Segment : path[..(at + marker.Length)];
    }

    public static string SignIn(HttpRequest request) => Base(request) + "/sign-in";

    public static string Dashboard(HttpRequest request) => Base(request);

    public static string Devices(HttpRequest request) => Base(request) + "/devices";

    public static string SignOutEverywhere(HttpRequest request) => Base(request) + "/sign-out-everywhere";

    /// <summary>Export and erase by email address (linked from the settings page).</summary>
    public static string PersonalData(HttpRequest request) => Base(request) + "/personal-data";

    public static string PersonalDataExport(HttpRequest request) => PersonalData(request) + "/export";

    public static string PersonalDataReviewErasure(HttpRequest request) => PersonalData(request) + "/erase/review";

    public static string PersonalDataErase(HttpRequest request) => PersonalData(request) + "/erase";

    public static string ConfirmSignIn(HttpRequest request) => Base(request) + "/confirm-sign-in";

    /// <summary>The console's own page for one free-place request (session-guarded; the emailed link leads here).</summary>
    public static string FreePlaceRequest(HttpRequest request, string requestId) => Base(request) + "/free-places/" + Uri.EscapeDataString(requestId);
}
