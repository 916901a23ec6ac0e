using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.IntegrationTests.EndToEnd;

/// <summary>
/// The run command as a real process in a process group of its own (as a terminal or a supervisor starts it), on free
/// ports: it restarts an emulator that dies underneath it, and SIGTERM to its whole group leaves nothing running.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class RunCommandProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_to_the_whole_process_group_leaves_nothing_running()
    {
        await using var run = await RunCommand.StartAsync();
        var family = run.ProcessTree();
        Assert.Contains(run.AzuritePid, family);
        Assert.Contains(run.MaildevPid, family);

        Signal("-TERM", -run.Pid);

        Assert.True(await run.WaitForExitAsync(Patience), "the run command did not exit after SIGTERM to its group:\n" + run.Output);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(family, IsAlive);
        Assert.Contains("Stopped.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_to_the_whole_group_of_the_readme_command_dotnet_run_leaves_nothing_running()
    {
        // `dotnet run` forwards the signal to the runner, which so gets it twice; that must not count as "force".
        await using var run = await RunCommand.StartAsync(viaDotnetRun: true);
        var family = run.ProcessTree();
        Assert.Contains(run.AzuritePid, family);
        Assert.Contains(run.MaildevPid, family);

        Signal("-TERM", -run.Pid);

        Assert.True(await run.WaitForExitAsync(Patience), "dotnet run did not exit after SIGTERM to its group:\n" + run.Output);
        Assert.Contains("Stopped.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(family, IsAlive);
    }

    [Fact]
    public async Task An_emulator_that_dies_underneath_it_is_reported_and_restarted()
    {
        await using var run = await RunCommand.StartAsync();

        Signal("-KILL", run.AzuritePid);

        await run.WaitForOutputAsync($"Azurite (pid {run.AzuritePid}) stopped unexpectedly", Patience);
        var again = await run.WaitForOutputAsync("Azurite is running again (pid ", Patience);
        Assert.True(await FreePort.IsListeningAsync(run.TablePort, CancellationToken.None));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{run.HttpPort}/api/") };
        using var courses = await http.GetAsync("courses");
        Assert.True(courses.IsSuccessStatusCode, $"GET courses answered {(int)courses.StatusCode} after the restart");

        var family = run.ProcessTree();
        Signal("-TERM", -run.Pid);
        Assert.True(await run.WaitForExitAsync(Patience), "the run command did not exit:\n" + run.Output);
        Assert.DoesNotContain(family, IsAlive);
        Assert.False(IsAlive(again));
    }

    [Fact]
    public async Task Beside_emulators_that_are_already_running_it_reuses_them_and_keeps_serving_until_stopped()
    {
        await using var owner = await RunCommand.StartAsync();
        await using var run = await RunCommand.StartAsync(besideEmulatorsOf: owner);
        Assert.Contains("Azurite: reusing", run.Output, StringComparison.Ordinal);
        Assert.Contains("maildev: reusing", run.Output, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{run.HttpPort}/api/") };
        using var courses = await http.GetAsync("courses");
        Assert.True(courses.IsSuccessStatusCode, $"GET courses answered {(int)courses.StatusCode}:\n" + run.Output);
        Assert.False(run.HasExited, "the run command stopped by itself beside running emulators:\n" + run.Output);
        Assert.DoesNotContain("Stopped.", run.Output, StringComparison.Ordinal);

        Signal("-TERM", -run.Pid);
        Assert.True(await run.WaitForExitAsync(Patience), "the run command did not exit after SIGTERM to its group:\n" + run.Output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(IsAlive(owner.AzuritePid) && IsAlive(owner.MaildevPid), "the reused emulators belong to the other run command and must keep running");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    // A zombie (state Z) has exited; only its parent has not yet collected it.
    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';

    [GeneratedRegex(@"(Azurite|maildev): started \(pid (\d+)\)")]
    private static partial Regex StartedPid();

    private sealed class RunCommand : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly string dataDirectory;

        private RunCommand(Process process, string dataDirectory, int httpPort, int tablePort)
        {
            this.process = process;
            this.dataDirectory = dataDirectory;
            HttpPort = httpPort;
            TablePort = tablePort;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Pid => process.Id;

        public int HttpPort { get; }

        public int TablePort { get; }

        public int AzuritePid { get; private set; }

        public int MaildevPid { get; private set; }

        public int ExitCode => process.ExitCode;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public bool HasExited => process.HasExited;

        /// <summary>Emulator ports and data folder, as the run command's own settings.</summary>
        public Dictionary<string, string> EmulatorSettings { get; } = [];

        /// <param name="besideEmulatorsOf">Another run command whose emulators this one should find running and reuse.</param>
        /// <param name="viaDotnetRun">Start it exactly as README says, through `dotnet run` (already built).</param>
        public static async Task<RunCommand> StartAsync(RunCommand? besideEmulatorsOf = null, bool viaDotnetRun = false)
        {
            // A port that was free when FreePort picked it can be taken before the run command binds it (an outgoing
            // connection of a test running in parallel gets the same ephemeral port), so that one failure, and only
            // that one, is retried on fresh ports.
            for (var attempt = 1; ; attempt++)
            {
                var run = await TryStartAsync(besideEmulatorsOf, viaDotnetRun);
                if (run.HasExited && PortWasTaken(run.Output) && attempt < 3)
                {
                    await run.DisposeAsync();
                    continue;
                }

                try
                {
                    await run.WaitUntilStartedAsync(reportsEmulatorPids: besideEmulatorsOf is null);
                    return run;
                }
                catch
                {
                    await run.DisposeAsync();
                    throw;
                }
            }
        }

        private static bool PortWasTaken(string output) =>
            output.Contains("address already in use", StringComparison.OrdinalIgnoreCase) ||
            output.Contains("EADDRINUSE", StringComparison.Ordinal) ||
            output.Contains("is taken", StringComparison.Ordinal);

        private static async Task<RunCommand> TryStartAsync(RunCommand? besideEmulatorsOf, bool viaDotnetRun)
        {
            var root = RepositoryRoot.Find();
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var runner = Path.Combine(root, "functions", "HappyBabyHive.LocalRunner", "bin", configuration, "net10.0", "HappyBabyHive.LocalRunner");
            Assert.True(File.Exists(runner), $"Build the runner first: {runner}");

            // setsid: the run command leads a new process group, as in a terminal or under a supervisor.
            string[] command = viaDotnetRun ? ["dotnet", "run", "--no-build", "--project", Path.Combine("functions", "HappyBabyHive.LocalRunner")] : [runner];
            var start = new ProcessStartInfo("/usr/bin/setsid", command)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            var http = FreePort.Next();
            var dataDirectory = Directory.CreateTempSubdirectory("hbh-run-command-").FullName;
            var emulatorSettings = besideEmulatorsOf?.EmulatorSettings ?? new Dictionary<string, string>
            {
                ["LocalRunner__BlobPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["LocalRunner__QueuePort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["LocalRunner__TablePort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["LocalRunner__SmtpPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["LocalRunner__MaildevWebPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["LocalRunner__DataDirectory"] = dataDirectory,
            };
            start.Environment["LocalRunner__Port"] = http.ToString(CultureInfo.InvariantCulture);
            start.Environment["LocalRunner__StripePort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            foreach (var (name, value) in emulatorSettings)
            {
                start.Environment[name] = value;
            }

            var table = int.Parse(emulatorSettings["LocalRunner__TablePort"], CultureInfo.InvariantCulture);

            // Core Tools, if installed, would serve instead; this test is about the run command's own supervision.
            start.Environment["PATH"] = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
                .Where(d => !File.Exists(Path.Combine(d, "func"))));

            var run = new RunCommand(Process.Start(start)!, dataDirectory, http, table);
            foreach (var (name, value) in emulatorSettings)
            {
                run.EmulatorSettings[name] = value;
            }

            await run.WaitForOutputOrExitAsync("Happy Baby Hive is running locally", Patience);
            return run;
        }

        private async Task WaitUntilStartedAsync(bool reportsEmulatorPids)
        {
            await WaitForOutputAsync("Happy Baby Hive is running locally", Patience);
            if (!reportsEmulatorPids)
            {
                return;
            }

            foreach (Match match in StartedPid().Matches(Output))
            {
                var pid = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                if (match.Groups[1].Value == "Azurite")
                {
                    AzuritePid = pid;
                }
                else
                {
                    MaildevPid = pid;
                }
            }

            Assert.True(AzuritePid > 0 && MaildevPid > 0, "The run command did not report the emulators' pids:\n" + Output);
        }

        private async Task WaitForOutputOrExitAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Output.Contains(text, StringComparison.Ordinal) && !HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            if (HasExited)
            {
                // Output arrives by events; after an exit, this waits until the last lines (stderr's reason) are in.
                process.WaitForExit();
            }
        }

        /// <summary>The run command and every process descended from it (by parent pid, from /proc).</summary>
        public HashSet<int> ProcessTree()
        {
            var parents = new Dictionary<int, int>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid))
                {
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    }
                    catch (IOException)
                    {
                    }
                }
            }

            var tree = new HashSet<int> { Pid };
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var (pid, parent) in parents)
                {
                    grew |= tree.Contains(parent) && tree.Add(pid);
                }
            }

            return tree;
        }

        public async Task<int> WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var current = Output;
                var at = current.IndexOf(text, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var digits = new string(current[(at + text.Length)..].TakeWhile(char.IsAsciiDigit).ToArray());
                    return digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture) : 0;
                }

                if (process.HasExited)
                {
                    process.WaitForExit();
                    current = Output;
                }

                Assert.False(process.HasExited, $"The run command exited (code {(process.HasExited ? process.ExitCode : 0)}) before printing '{text}':\n{current}");
                Assert.True(DateTime.UtcNow < deadline, $"The run command did not print '{text}' in time:\n{current}");
                await Task.Delay(100);
            }
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return process.HasExited;
        }

        public async ValueTask DisposeAsync()
        {
            // A test that failed part-way still leaves nothing behind: the whole group, by its id, then hard.
            if (!process.HasExited)
            {
                var family = ProcessTree();
                Signal("-TERM", -Pid);
                if (!await WaitForExitAsync(TimeSpan.FromSeconds(30)))
                {
                    foreach (var pid in family)
                    {
                        Signal("-KILL", pid);
                    }
                }
            }

            process.Dispose();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }
}
