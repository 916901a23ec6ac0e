using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HappyBabyHive;
using HappyBabyHive.Courses.Seeding;
using HappyBabyHive.LocalRunner.CoreTools;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.LocalRunner.Hosting;
using HappyBabyHive.LocalRunner.Metadata;
using HappyBabyHive.LocalRunner.Stripe;
using HappyBabyHive.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// `dotnet run --project functions/HappyBabyHive.LocalRunner`: the emulators, the app's tables, queues and sample
// courses, then the functions (Core Tools when `func` is installed, otherwise LocalFunctionsHost). Ctrl-C stops it all.

var root = RepositoryRoot.Find();
var functionsDirectory = AppContext.BaseDirectory;
var configuration = RunnerConfiguration.Build(functionsDirectory);
var runnerSettings = configuration.GetSection("LocalRunner");

// The standard ports by default; each can be moved (LocalRunner__Port, LocalRunner__TablePort, ...) to run beside
// another copy, as the runner's own process test does.
int? Port(string name, int standard)
{
    var configured = runnerSettings[name];
    if (configured is null)
    {
        return standard;
    }

    if (int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
    {
        return value;
    }

    Console.Error.WriteLine($"LocalRunner__{name} is '{configured}'; it must be a port number.");
    return null;
}

if (Port("Port", 7071) is not { } port || Port("BlobPort", 10000) is not { } blobPort || Port("QueuePort", 10001) is not { } queuePort ||
    Port("TablePort", 10002) is not { } tablePort || Port("SmtpPort", 1025) is not { } smtpPort || Port("MaildevWebPort", 1080) is not { } maildevWebPort ||
    Port("StripePort", 12111) is not { } stripePort)
{
    return 1;
}

using var stopping = new CancellationTokenSource();
var firstSignal = (long?)null;
void OnSignal(PosixSignalContext context)
{
    // The first Ctrl-C (or SIGTERM) stops in order; a later one falls through to the default and ends the process.
    // A signal to the whole process group arrives twice under `dotnet run`: once directly and once forwarded by
    // `dotnet run` itself. Counting that copy as "again" killed the runner before it stopped its emulators, leaving
    // Azurite and maildev running, so a repeat within a second is the same request.
    var now = Environment.TickCount64;
    lock (stopping)
    {
        if (firstSignal is { } first && now - first > 1000)
        {
            return;
        }

        context.Cancel = true;
        if (firstSignal is not null)
        {
            return;
        }

        firstSignal = now;
    }

    Console.WriteLine();
    Console.WriteLine("Stopping (press Ctrl-C again to force)...");
    stopping.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

LocalEmulators? emulators = null;
LocalFunctionsHost? host = null;
ChildProcess? func = null;
FakeStripeApi? fakeStripe = null;
var stripeEvents = Task.CompletedTask;
var exitCode = 0;
try
{
    var dataDirectory = runnerSettings["DataDirectory"] ?? Path.Combine(root, ".local", "azurite");
    Console.WriteLine("Starting the emulators (Azurite and maildev)...");
    emulators = await LocalEmulators.StartAsync(
        root,
        new LocalEmulatorOptions
        {
            DataDirectory = dataDirectory,
            BlobPort = blobPort,
            QueuePort = queuePort,
            TablePort = tablePort,
            SmtpPort = smtpPort,
            MaildevWebPort = maildevWebPort,
            ReuseRunning = true,

            // A signal to this command's process group (Ctrl-C, a supervisor's SIGTERM) reaches only this command,
            // which stops the functions and then the emulators in that order, waiting for a slow Azurite to exit.
            OwnProcessGroups = true,
        },
        Console.Out,
        stopping.Token);
    DescribeEmulators(emulators, dataDirectory);

    // Double underscores, so the same settings work as environment variables for `func`.
    var settings = new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = emulators.StorageConnectionString,
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = emulators.SmtpPort.ToString(CultureInfo.InvariantCulture),
    };

    // Payments on, against the local fake Stripe, unless real Stripe keys were given (see docs/payments.md) or payments
    // were switched off (Payments__Enabled=false).
    if (string.IsNullOrEmpty(configuration["Payments:SecretKey"]) && !string.Equals(configuration["Payments:Enabled"], "false", StringComparison.OrdinalIgnoreCase))
    {
        fakeStripe = await FakeStripeApi.StartAsync(port: stripePort);
        settings["Payments__Enabled"] = "true";
        settings["Payments__ApiBase"] = fakeStripe.BaseAddress.AbsoluteUri.TrimEnd('/');
        settings["Payments__CheckoutOrigin"] = fakeStripe.BaseAddress.GetLeftPart(UriPartial.Authority);
        settings["Payments__SecretKey"] = FakeStripeApi.SecretKey;
        settings["Payments__WebhookSecret"] = FakeStripeApi.WebhookSecret;
    }

    var seeded = await PrepareStorageAsync(functionsDirectory, settings, stopping.Token);
    Console.WriteLine(seeded == 0 ? "Sample courses: already there." : $"Sample courses: added {seeded}.");

    // An emulator that dies underneath us is reported and restarted; one that keeps dying ends the command.
    var supervised = emulators.SuperviseAsync(Console.Out, token => PrepareStorageAsync(functionsDirectory, settings, token), stopping.Token);

    var timers = FunctionMetadataFile.Load(functionsDirectory).Where(f => f.Trigger?.IsType("timerTrigger") == true).Select(f => f.Name).ToList();
    Task finished;
    if (FuncCli.Find() is { } funcPath)
    {
        Console.WriteLine($"Found Azure Functions Core Tools ({funcPath}); building the function app for `func start`...");
        var output = await FuncCli.BuildFunctionsAsync(root, stopping.Token);
        func = FuncCli.Start(funcPath, output, port, settings);
        var apiBase = new Uri($"http://127.0.0.1:{port}/{HostJson.Load(output, RunnerConfiguration.Build(output, settings)).RoutePrefix}/");
        stripeEvents = DeliverStripeEvents(fakeStripe, apiBase, stopping.Token);
        PrintBanner("Azure Functions Core Tools", apiBase, new Uri($"http://127.0.0.1:{port}/"), emulators.MaildevUrl, keys: null, timers, fakeStripe);
        finished = Task.WhenAny(func.WaitForExitAsync(CancellationToken.None), WhenCancelled(stopping.Token), supervised);
    }
    else
    {
        host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions { Port = port, Settings = settings }, stopping.Token);
        stripeEvents = DeliverStripeEvents(fakeStripe, host.ApiBaseAddress, stopping.Token);
        PrintBanner("the local runner (Core Tools not found)", host.ApiBaseAddress, host.BaseAddress, emulators.MaildevUrl, host.Keys, timers, fakeStripe);
        finished = Task.WhenAny(WhenCancelled(stopping.Token), supervised);
    }

    await finished;
    if (supervised.IsFaulted)
    {
        Console.Error.WriteLine(supervised.Exception.InnerException!.Message);
        exitCode = 1;
    }

    if (func is { HasExited: true } && !stopping.IsCancellationRequested)
    {
        Console.Error.WriteLine($"func exited with code {func.ExitCode}.");
        exitCode = func.ExitCode == 0 ? 1 : func.ExitCode;
    }
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    // Ctrl-C during start-up.
}
catch (Exception e)
{
    // Start-up problems (a port in use, storage unreachable, invalid settings): the reason, without a stack trace.
    Console.Error.WriteLine();
    Console.Error.WriteLine($"Could not start: {e.Message}");
    if (e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"Port {port} is taken. Stop what uses it, or set LocalRunner__Port to another port.");
    }

    exitCode = 1;
}
finally
{
    // The functions first (they may still be using storage), then only the emulators this command started.
    if (host is not null)
    {
        await host.DisposeAsync();
    }

    if (func is not null)
    {
        await func.DisposeAsync();
    }

    if (fakeStripe is not null)
    {
        stopping.Cancel();
        await stripeEvents;
        await fakeStripe.DisposeAsync();
    }

    if (emulators is not null)
    {
        await emulators.DisposeAsync();
    }

    Console.WriteLine("Stopped.");
}

return exitCode;

static Task WhenCancelled(CancellationToken cancellationToken) =>
    Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

// The fake's checkout page delivers its events to the app's webhook; sessions whose time runs out expire, and their
// checkout.session.expired event is delivered, within 15 seconds, as Stripe would.
static Task DeliverStripeEvents(FakeStripeApi? fake, Uri apiBase, CancellationToken cancellationToken)
{
    if (fake is null)
    {
        return Task.CompletedTask;
    }

    fake.WebhookUrl = new Uri(apiBase, "stripe/webhook");
    return Task.Run(
        async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var expired = await fake.DeliverExpiredAsync(cancellationToken);
                    if (expired > 0)
                    {
                        Console.WriteLine($"Fake Stripe: {expired} checkout session(s) expired; sent checkout.session.expired.");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        },
        CancellationToken.None);
}

static void DescribeEmulators(LocalEmulators emulators, string dataDirectory)
{
    Console.WriteLine(emulators.StartedAzurite is { } azurite
        ? $"Azurite: started (pid {azurite.ProcessId}), data in {dataDirectory}"
        : $"Azurite: reusing the one already on ports {emulators.BlobPort}-{emulators.TablePort}; it keeps running afterwards. " +
          "If queue calls fail with an API version error, restart it with --skipApiVersionCheck.");
    Console.WriteLine(emulators.StartedMaildev is { } maildev
        ? $"maildev: started (pid {maildev.ProcessId})"
        : $"maildev: reusing the one already on ports {emulators.SmtpPort} and {emulators.MaildevWebPort}; it keeps running afterwards.");
}

// The app's own registrations decide which tables and queues exist and how to reach them.
static async Task<int> PrepareStorageAsync(string functionsDirectory, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
{
    // Built but never run, like a test host: only the registrations are wanted.
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddRunnerSources(functionsDirectory, settings);
    builder.Services.AddHappyBabyHive(builder.Configuration);
    using var prepared = builder.Build();
    var services = prepared.Services;
    var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
    var tables = services.GetRequiredService<TableServiceClient>();
    foreach (var table in storage.AllTables)
    {
        await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
    }

    var queues = services.GetRequiredService<QueueServiceClient>();
    foreach (var queue in storage.AllQueues)
    {
        await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    return await services.GetRequiredService<SampleCourseSeeder>().SeedAsync(SampleCourseSeeder.DefaultPath, cancellationToken);
}

static void PrintBanner(string servedBy, Uri apiBase, Uri hostBase, Uri inbox, FunctionKeys? keys, IReadOnlyList<string> timers, FakeStripeApi? fakeStripe)
{
    var keyHeader = keys is null ? string.Empty : $"-H \"{FunctionKeys.HeaderName}: {keys.MasterKey}\" ";
    Console.WriteLine();
    Console.WriteLine($"Happy Baby Hive is running locally, served by {servedBy}.");
    Console.WriteLine($"  API:          {apiBase}   (try {new Uri(apiBase, "courses")})");
    Console.WriteLine($"  Email inbox:  {inbox}");
    Console.WriteLine(fakeStripe is null
        ? "  Payments:     as configured (Stripe keys given, or Payments__Enabled=false)"
        : $"  Payments:     on, against the local fake Stripe at {fakeStripe.BaseAddress} (no real money; Pay or Leave on its checkout page)");
    if (keys is not null)
    {
        Console.WriteLine($"  Keys (local development only; send as {FunctionKeys.HeaderName} or ?{FunctionKeys.QueryName}=):");
        Console.WriteLine($"    function:   {keys.FunctionKey}");
        Console.WriteLine($"    master:     {keys.MasterKey}");
    }

    foreach (var timer in timers)
    {
        Console.WriteLine($"  Run {timer} now:");
        Console.WriteLine($"    curl -i -X POST {keyHeader}-H \"Content-Type: application/json\" -d '{{}}' {new Uri(hostBase, $"admin/functions/{timer}")}");
    }

    Console.WriteLine("Ctrl-C stops everything.");
    Console.WriteLine();
}
