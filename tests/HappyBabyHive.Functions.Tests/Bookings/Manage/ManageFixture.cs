using System.Text;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Opts = Microsoft.Extensions.Options.Options;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>
/// The family's booking pages over an in-memory course partition: real links, real pages and the real contact
/// service; cancelling, claiming and moving are mocked (their own tests cover them), so each outcome's page is tested
/// on its own.
/// </summary>
internal sealed class ManageFixture
{
    // Monday 4 January 2027, 09:00 UTC; the course starts Tuesday 2 February at 10:00 UK time (GMT), so the family's
    // cut-off (48 hours) is Sunday 31 January at 10:00.
    public static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    public const string Reference = "K7M3-Q9XP";

    public FakeTimeProvider Clock { get; } = new(Now);

    public InMemoryCoursePartitionStore Store { get; } = new();

    public Mock<IBookingChangeService> Changes { get; } = new(MockBehavior.Strict);

    public Mock<IBookingTransfers> Transfers { get; } = new(MockBehavior.Strict);

    public Mock<IEmailEnqueuer> Queue { get; } = new();

    public BusinessOptions Business { get; } = new()
    {
        Name = "The Happy Baby Hive",
        OwnerEmail = "hello@happybabyhive.test",
        PublicBaseUrl = "https://hive.example/",
    };

    public Course Course { get; init; } = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 4, freePlaces: 1);

    public BookingKey Key => new(Course.Id, Reference);

    public LinkSigner Signer => new(Opts.Create(new LinkOptions { SigningKey = "/9SqxX/YZWxJ4M4ZIThSINOOEMrIytEhTS6zsfszMcWK3jdQGHd5oIrMiQygkgJ6" }), Clock);

    public BookingLinks Links => new(Signer, Opts.Create(Business));

    public BookingEmailChange EmailChange => new(Signer, Opts.Create(Business));

    public ManageBookingPages Pages => new(
        HappyBabyHive.TestSupport.TestPages.Results(Opts.Create(new BrandingOptions()), Opts.Create(Business), Opts.Create(new WebsiteOptions())),
        Links,
        Opts.Create(new BookingChangeOptions()),
        Opts.Create(Business),
        Clock,
        payments: Opts.Create(Payments));

    /// <summary>Card payments: off unless a test turns them on (the claim page then may ask how they'd like to pay).</summary>
    public HappyBabyHive.Payments.PaymentOptions Payments { get; } = new();

    public ManageBookingService Service => new(Store, Queue.Object, Clock, TestPipelines.Concurrency(), NullLogger<ManageBookingService>.Instance);

    /// <summary>Stripe behind "Pay now": strict, so a test that doesn't expect a call to Stripe fails if one is made.</summary>
    public Mock<HappyBabyHive.Bookings.Checkout.IBookingCheckout> Checkout { get; } = new(MockBehavior.Strict);

    public PublicManageBookingHttp ManageFunction => new(Service, Changes.Object, Transfers.Object, Links, Pages, Checkout.Object, Opts.Create(Business));

    public PublicClaimOfferHttp ClaimFunction => new(Service, Changes.Object, Links, Pages, Moq.Mock.Of<HappyBabyHive.Bookings.Checkout.IBookingCheckout>(), Opts.Create(Business));

    public PublicConfirmBookingEmailHttp ConfirmEmailFunction => new(Service, EmailChange, Pages, Opts.Create(Business));

    public string ManageToken => Links.ManageToken(Course, Reference);

    public string ClaimToken(DateTimeOffset? expires = null) => Links.ClaimToken(Course.Id, Reference, expires ?? Now.AddHours(24));

    public static Booking Booking(BookingStatus status = BookingStatus.Confirmed, string reference = Reference) => new()
    {
        Reference = reference,
        Status = status,
        WaitlistPosition = status == BookingStatus.Waitlisted ? 2 : null,
        ParentName = "Sam Smith",
        Email = "sam@example.co.uk",
        Phone = "07700 900123",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2026, 11, 20),
        CreatedUtc = Now.AddDays(-1),
        OfferedUtc = status == BookingStatus.Offered ? Now.AddHours(-1) : null,
        OfferExpiresUtc = status == BookingStatus.Offered ? Now.AddHours(23) : null,
    };

    /// <summary>Stores the course and one booking on it, as the booking service would have.</summary>
    public async Task<ManageFixture> WithAsync(Booking booking)
    {
        Store.Add(Course);
        var snapshot = (await Store.LoadAsync(Course.Id, CancellationToken.None))!;
        var changes = snapshot.Change(Now.AddDays(-1));
        if (booking.Status is BookingStatus.Confirmed or BookingStatus.Offered)
        {
            changes.TakeGeneralPlace();
        }
        else if (booking.Status == BookingStatus.Waitlisted)
        {
            changes.JoinWaitlist();
        }

        changes.AddBooking(booking);
        await Store.CommitAsync(changes, CancellationToken.None);
        return this;
    }

    public Booking Stored() => Store.FindBookingAsync(Course.Id, Reference, CancellationToken.None).Result!;

    public static HttpRequest Get(string? token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("hive.example");
        if (token is not null)
        {
            context.Request.QueryString = QueryString.Create("token", token);
        }

        return context.Request;
    }

    public static HttpRequest Post(IReadOnlyDictionary<string, string> fields, string? origin = "https://hive.example", string? fetchSite = "same-origin")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Host = new HostString("hive.example");
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return context.Request;
    }
}
