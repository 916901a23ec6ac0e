namespace HappyBabyHive.OwnerConsole.SignIn;

/// <summary>
/// A coarse name for the browser a session was started in ("Firefox on Windows"), so the owner can tell her devices
/// apart on the devices page. Deliberately coarse: no version numbers, no IP address, nothing that identifies a
/// device beyond what she needs to recognise it.
/// </summary>
public static class DeviceLabel
{
    public const string Unknown = "Unknown browser";

    // Order matters: Edge and Opera say "Chrome", Chrome says "Safari", Android says "Linux".
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
        ("Macintosh", "Mac"), ("Mac OS X", "Mac"), ("Linux", "Linux"),
    ];

    public static string From(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return (browser, system) switch
        {
            (null, null) => Unknown,
            (null, _) => "A browser on " + system,
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }
}
