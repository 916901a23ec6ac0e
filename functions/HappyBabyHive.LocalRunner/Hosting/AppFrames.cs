using System.Text.RegularExpressions;

namespace HappyBabyHive.LocalRunner.Hosting;

/// <summary>
/// Where in the app's own code an exception passed, for a one-line log entry: its stack frames in the app's namespace
/// (innermost first), formatted only if the line is written. The runner logs an exception's type and frames, never
/// its message, which can carry personal data from the request or the queue message.
/// </summary>
internal readonly partial struct AppFrames(Exception exception, Type functionClass)
{
    private const string Runner = nameof(HappyBabyHive) + "." + nameof(LocalRunner) + ".";

    public override string ToString()
    {
        var app = functionClass.Namespace?.Split('.')[0] + ".";
        var frames = (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Frame().Match(line))
            .Where(m => m.Success && m.Groups["method"].Value.StartsWith(app, StringComparison.Ordinal) && !m.Groups["method"].Value.StartsWith(Runner, StringComparison.Ordinal))
            .Select(m => m.Groups["file"].Success ? $"{m.Groups["method"].Value} ({Path.GetFileName(m.Groups["file"].Value)}:{m.Groups["line"].Value})" : m.Groups["method"].Value)
            .Distinct()
            .ToList();
        return frames.Count > 0 ? string.Join(" <- ", frames) : "(outside the app's code)";
    }

    [GeneratedRegex(@"^at (?<method>[^(]+)\(.*?\)(?: in (?<file>.+):line (?<line>\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();
}
