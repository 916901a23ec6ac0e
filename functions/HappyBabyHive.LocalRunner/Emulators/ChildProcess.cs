using System.Diagnostics;
using System.Text;

namespace HappyBabyHive.LocalRunner.Emulators;

/// <summary>
/// A child process (a Node.js tool from the repo's node_modules, or Core Tools) stopped by its own pid. Azurite can
/// take several seconds to exit after SIGTERM, so stopping waits, and only then kills it hard.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringBuilder output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The tail of what the tool printed, to explain a failed start.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ChildProcess StartNode(string name, string workingDirectory, string script, IEnumerable<string> arguments) =>
        Start(name, "node", workingDirectory, [script, .. arguments], environment: null, captureOutput: true);

    /// <summary>
    /// Like <see cref="StartNode"/>, but in a session and process group of its own (via setsid, which execs in place,
    /// so the pid is node's): a signal to the run command's process group (Ctrl-C, or SIGTERM from a supervisor)
    /// reaches only the run command, which then stops the functions first and this process after, by its pid.
    /// </summary>
    public static ChildProcess StartNodeInOwnProcessGroup(string name, string workingDirectory, string script, IEnumerable<string> arguments) =>
        OperatingSystem.IsWindows() || !File.Exists("/usr/bin/setsid")
            ? StartNode(name, workingDirectory, script, arguments)
            : Start(name, "/usr/bin/setsid", workingDirectory, ["node", script, .. arguments], environment: null, captureOutput: true);

    /// <summary>
    /// Starts <paramref name="fileName"/>. With <paramref name="captureOutput"/> its output is kept for
    /// <see cref="RecentOutput"/>; otherwise it shares this console.
    /// </summary>
    public static ChildProcess Start(
        string name, string fileName, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, bool captureOutput)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = captureOutput,
            RedirectStandardError = captureOutput,
            RedirectStandardInput = captureOutput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        var child = new ChildProcess(name, process);
        if (captureOutput)
        {
            process.OutputDataReceived += (_, e) => child.Append(e.Data);
            process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public async Task WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await FreePort.IsListeningAsync(port, cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during start-up (code {process.ExitCode}):\n{RecentOutput}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not listen on port {port} within {timeout.TotalSeconds:0} s:\n{RecentOutput}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Terminate(process);
            using var timeout = new CancellationTokenSource(GracefulStop);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    private static void Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
            return;
        }

        // SIGTERM to this pid only: never stop processes by name, which could hit a developer's own emulators.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > 8000)
            {
                output.Remove(0, output.Length - 8000);
            }
        }
    }
}
