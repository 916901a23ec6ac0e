using Microsoft.Playwright;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright is given the executable, so it never downloads a browser of
/// its own. HBH_CHROMIUM overrides the path (e.g. on a machine where Chromium lives elsewhere).
/// </summary>
public static class Chromium
{
    public const string PathVariable = "HBH_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {path}. Install it (apt-get install -y chromium; tests/run-all.sh does this) or set {PathVariable} to its path.");
        }

        List<string> args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ];
        if (SmallSharedMemory())
        {
            args.Add("--disable-dev-shm-usage");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = args });
    }

    // Chromium keeps renderer memory in /dev/shm; containers often give it 64 MB, which crashes tabs.
    private static bool SmallSharedMemory()
    {
        try
        {
            var drive = new DriveInfo("/dev/shm");
            return drive.IsReady && drive.TotalSize < 512L * 1024 * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }
}
