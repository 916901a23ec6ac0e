using System.Globalization;
using System.Net.Http.Json;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Metadata;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Benchmarks.BookingBench;

/// <summary>
/// The real local runner, started as its own process (`dotnet HappyBabyHive.LocalRunner.dll`) on the benchmark's
/// emulators, exactly as `dotnet run --project functions/HappyBabyHive.LocalRunner` starts it, with settings passed the
/// way a developer would: environment variables.
/// </summary>
internal sealed class Runner : IAsyncDisposable
{
    public const string MasterKey = "benchmark-master-key";

    private readonly ChildProcess process;

    private Runner(ChildProcess process, int port)
    {
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int ProcessId => process.ProcessId;

    public static string Directory(string root)
    {
        // Same configuration as this benchmark (the project reference builds the runner alongside).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        return Path.Combine(root, "functions", "HappyBabyHive.LocalRunner", "bin", configuration, "net10.0");
    }

    /// <param name="enabledQueueFunctions">Queue and timer functions to keep; every other non-HTTP function is disabled, so
    /// the booking phases measure bookings alone and the email phase the email function alone.</param>
    public static async Task<Runner> StartAsync(string root, IReadOnlyCollection<string> enabledQueueFunctions)
    {
        var directory = Directory(root);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["LocalRunner__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["LocalRunner__MasterKey"] = MasterKey,


            // A console line per booking costs the runner more than the booking's own work on this machine; in Azure
            // logs go to Application Insights off the request path.
            ["Logging__LogLevel__Default"] = "Warning",
        };

        // Lifted for the run: every benchmark request comes from 127.0.0.1 (the guarded mode measures the checks, not refusals).
        foreach (var (key, value) in TestSettings.RelaxedAbuse("__"))
        {
            environment[key] = value;
        }

        foreach (var function in FunctionMetadataFile.Load(directory))
        {
            if (function.Trigger?.IsType("httpTrigger") != true && !enabledQueueFunctions.Contains(function.Name))
            {
                environment[$"AzureWebJobs.{function.Name}.Disabled"] = "true";
            }
        }

        var process = ChildProcess.Start(
            "local runner", "dotnet", directory, [Path.Combine(directory, "HappyBabyHive.LocalRunner.dll")], environment, captureOutput: true);
        try
        {
            await process.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(90), CancellationToken.None);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new Runner(process, port);
    }

    public async Task<StorageRequestCounts> StorageCountsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/metrics/storage");
        request.Headers.Add("x-functions-key", MasterKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StorageRequestCounts>())!;
    }

    /// <summary>The runner's peak resident set (VmHWM) so far, in MB: the high-water mark, not a sample.</summary>
    public double PeakWorkingSetMb()
    {
        foreach (var line in File.ReadLines($"/proc/{process.ProcessId}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    public string RecentOutput => process.RecentOutput;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await process.DisposeAsync();
    }
}
