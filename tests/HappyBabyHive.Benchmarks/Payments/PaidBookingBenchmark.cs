using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.LocalRunner.Emulators;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.TestSupport;
using HappyBabyHive.LocalRunner.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace HappyBabyHive.Benchmarks.Payments;

/// <summary>
/// A paid booking through BookingService (payments on, the real Stripe.net gateway pointed at the fake Stripe API, on
/// Azurite) against its raw floor: the same storage work and the same Stripe call done directly with the SDKs (read
/// the course, one transaction of course counters + held booking + family pointer, create the Checkout Session with
/// Stripe.net's SessionService under an idempotency key, record the session id on the booking). Both sides run in this
/// process against the same Azurite and the same fake, alternating which goes first; time per booking and bytes
/// allocated per booking (the whole process, so the in-process fake's share is in both sides alike) as ratios.
/// Usage: dotnet run -c Release --project tests/HappyBabyHive.Benchmarks -- paid [--bookings 200 --repeats 5]
/// </summary>
public static class PaidBookingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var perRun = Argument(args, "--bookings", 200);
        var repeats = Argument(args, "--repeats", 5);
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {perRun} paid bookings per run, one at a time, {repeats} repeats");

        await using var emulators = await LocalEmulators.StartAsync(RepositoryRoot.Find(), new LocalEmulatorOptions(), Console.Out, CancellationToken.None);
        await using var stripe = await FakeStripeApi.StartAsync();
        var settings = TestSettings.Defaults();
        settings["AzureWebJobsStorage"] = emulators.StorageConnectionString;
        settings["Storage:NamePrefix"] = "p" + Guid.NewGuid().ToString("N")[..10];
        settings["Payments:Enabled"] = "true";
        settings["Payments:SecretKey"] = FakeStripeApi.SecretKey;
        settings["Payments:WebhookSecret"] = FakeStripeApi.WebhookSecret;
        settings["Payments:ApiBase"] = stripe.BaseAddress.AbsoluteUri;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddHappyBabyHive(TestSettings.Build(settings));
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var tables = provider.GetRequiredService<TableServiceClient>();
        foreach (var table in storage.AllTables)
        {
            await tables.GetTableClient(table).CreateIfNotExistsAsync();
        }

        var bookingService = provider.GetRequiredService<IBookingService>();
        var courses = provider.GetRequiredService<ICourseStore>();
        var raw = new RawPaidFloor(tables.GetTableClient(storage.BookingsTable), stripe.BaseAddress);
        var run = 0;

        async Task<string> NewCourseAsync()
        {
            var course = SampleCourses.Massage(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14), id: $"paid-{run++:D3}-{Guid.NewGuid():N}"[..24], capacity: 1_000_000, freePlaces: 0);
            if (!await courses.TryAddAsync(course, CancellationToken.None))
            {
                throw new InvalidOperationException("Course not added.");
            }

            return course.Id;
        }

        async Task ServiceAsync(string courseId, int i)
        {
            var outcome = await bookingService.BookAsync(Request(courseId, $"svc{run}-{i}@bench.example.co.uk"), null, CancellationToken.None);
            if (outcome is not BookingOutcome.Created { Receipt: { Status: BookingStatus.AwaitingPayment, Checkout: not null } })
            {
                throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}.");
            }
        }

        Task RawAsync(string courseId, int i) => raw.BookAsync(courseId, i);

        // Warm both paths (JIT, connections, Azurite's tables, the fake) before anything is measured.
        await MeasureAsync(await NewCourseAsync(), 20, ServiceAsync);
        await MeasureAsync(await NewCourseAsync(), 20, RawAsync);

        var serviceRuns = new List<(double MsPer, double BytesPer)>();
        var rawRuns = new List<(double MsPer, double BytesPer)>();
        for (var r = 0; r < repeats; r++)
        {
            foreach (var serviceFirst in r % 2 == 0 ? new[] { true, false } : [false, true])
            {
                if (serviceFirst)
                {
                    serviceRuns.Add(await MeasureAsync(await NewCourseAsync(), perRun, ServiceAsync));
                }
                else
                {
                    rawRuns.Add(await MeasureAsync(await NewCourseAsync(), perRun, RawAsync));
                }
            }
        }

        var (serviceMs, rawMs) = (Median(serviceRuns.Select(s => s.MsPer)), Median(rawRuns.Select(s => s.MsPer)));
        var (serviceKb, rawKb) = (Median(serviceRuns.Select(s => s.BytesPer)) / 1024, Median(rawRuns.Select(s => s.BytesPer)) / 1024);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  service: median {serviceMs:0.00} ms and {serviceKb:0.0} KB allocated per paid booking (runs {string.Join(", ", serviceRuns.Select(s => s.MsPer.ToString("0.00", CultureInfo.InvariantCulture)))} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw:     median {rawMs:0.00} ms and {rawKb:0.0} KB allocated per paid booking (runs {string.Join(", ", rawRuns.Select(s => s.MsPer.ToString("0.00", CultureInfo.InvariantCulture)))} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  service / raw: time {serviceMs / rawMs:0.00}×, allocated {serviceKb / rawKb:0.00}×; sessions created at the fake: {stripe.SessionsCreated}"));
        return 0;
    }

    private static BookingRequest Request(string courseId, string email) => new()
    {
        CourseId = courseId,
        ParentName = "Sam Parent",
        Email = email,
        Phone = "07700 900123",
        BabyFirstName = "Robin",
        BabyDateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        AcceptTerms = true,
        PaymentMethod = "card",
    };

    /// <summary>Books <paramref name="count"/> places one after another; wall time and bytes allocated per booking.</summary>
    private static async Task<(double MsPer, double BytesPer)> MeasureAsync(string courseId, int count, Func<string, int, Task> book)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await book(courseId, i);
        }

        var elapsed = watch.Elapsed.TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (elapsed / count, (double)allocated / count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>
/// The floor of a paid booking, with the SDKs and nothing of the app's services: read the course, one transaction
/// (course counters with its ETag, the booking awaiting payment, the family pointer), the same Checkout Session
/// request through Stripe.net's SessionService (idempotency key, expiry, metadata), then the session id merged onto
/// the booking.
/// </summary>
internal sealed class RawPaidFloor
{
    private readonly TableClient bookings;
    private readonly StripeClient client;

    public RawPaidFloor(TableClient bookings, Uri stripeBase)
    {
        this.bookings = bookings;
        client = new StripeClient(new StripeClientOptions
        {
            ApiKey = FakeStripeApi.SecretKey,
            ApiBase = stripeBase.AbsoluteUri.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, 1, appInfo: null, enableTelemetry: false),
        });
    }

    public async Task BookAsync(string courseId, int index)
    {
        var course = (await bookings.GetEntityAsync<CourseEntity>(courseId, RowKeys.Course)).Value;
        course.GeneralPlacesTaken++;
        var reference = BookingReference.New();
        var now = DateTimeOffset.UtcNow;
        var heldUntil = now.AddMinutes(31);
        var email = $"raw{index}-{reference}@bench.example.co.uk";
        await bookings.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, course, course.ETag),
            new(TableTransactionActionType.Add, new BookingEntity
            {
                PartitionKey = courseId,
                RowKey = RowKeys.Booking(reference),
                Reference = reference,
                Status = nameof(BookingStatus.AwaitingPayment),
                ParentName = "Sam Parent",
                Email = email,
                Phone = "07700 900123",
                BabyFirstName = "Robin",
                BabyDateOfBirth = HappyBabyHive.Benchmarks.BookingBench.BenchCourses.BabyDateOfBirth,
                TermsAcceptedUtc = now,
                CreatedUtc = now,
                PaymentMethod = nameof(HappyBabyHive.Courses.PaymentMethod.Card),
                PaymentAmountPence = course.PricePence,
                PaymentHeldUntilUtc = heldUntil,
            }),
            new(TableTransactionActionType.Add, new BookingPointerEntity { PartitionKey = courseId, RowKey = "pointer-family-" + reference, Reference = reference }),
        ]);

        var metadata = new Dictionary<string, string> { ["courseId"] = courseId, ["reference"] = reference };
        var session = await new SessionService(client).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = reference,
                CustomerEmail = email,
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "gbp",
                            UnitAmount = course.PricePence,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Baby massage" },
                        },
                    },
                ],
                Metadata = metadata,
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
                ExpiresAt = heldUntil.UtcDateTime,
                SuccessUrl = "https://example.co.uk/book/paid?session_id={CHECKOUT_SESSION_ID}",
                CancelUrl = "https://example.co.uk/book/not-paid?session_id={CHECKOUT_SESSION_ID}",
            },
            new RequestOptions { IdempotencyKey = $"checkout:{courseId}:{reference}:1" });

        await bookings.UpdateEntityAsync(
            new TableEntity(courseId, RowKeys.Booking(reference)) { ["PaymentCheckoutSessionId"] = session.Id },
            Azure.ETag.All,
            TableUpdateMode.Merge);
    }
}
