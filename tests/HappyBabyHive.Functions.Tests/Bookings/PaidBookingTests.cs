using HappyBabyHive.Bookings;
using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Payments;
using HappyBabyHive.Storage;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Bookings;

/// <summary>Booking a paid place (#16): held while the family pays by card, or confirmed owing when they pay another way.</summary>
public sealed class PaidBookingTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IEmailEnqueuer> queue = new();
    private readonly Mock<IBookingCheckout> checkout = new();
    private readonly PaymentOptions payments = new() { Enabled = true, CheckoutLifetime = TimeSpan.FromMinutes(45) };
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 3, freePlaces: 1) with { PayAnotherWayAllowed = true };
    private readonly CheckoutSession session = new("cs_test_1", new Uri("https://checkout.example/pay/cs_test_1"), Now.AddMinutes(46));

    public PaidBookingTests()
    {
        store.Add(course);
        checkout.Setup(c => c.StartAsync(It.IsAny<BookingKey>(), It.IsAny<CancellationToken>())).ReturnsAsync(new CheckoutStart.Started(session));
    }

    private BookingService Service() =>
        new(store, queue.Object, new BookingRequestValidator(time), TestSettings.Hasher, checkout.Object, Options.Create(payments), time, NullLogger<BookingService>.Instance);

    private BookingRequest Request(string email = "sam@example.co.uk", string? paymentMethod = null) => new()
    {
        CourseId = course.Id,
        ParentName = "Sam Smith",
        Email = email,
        BabyFirstName = "Ada",
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AcceptTerms = true,
        PaymentMethod = paymentMethod,
    };

    private Booking Stored(string reference) => store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix).Single(b => b.Reference == reference).ToBooking();

    [Fact]
    public async Task A_card_booking_holds_the_place_for_the_checkout_lifetime_and_owes_no_confirmation_until_paid()
    {
        var receipt = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(), "key-1", CancellationToken.None)).Receipt;

        Assert.Equal((BookingStatus.AwaitingPayment, session), (receipt.Status, receipt.Checkout));
        var payment = Stored(receipt.Reference).Payment!;
        Assert.Equal((PaymentMethod.Card, 6000L, 1, Now + TimeSpan.FromMinutes(46)), (payment.Method, payment.AmountPence, payment.CheckoutAttempt, payment.HeldUntilUtc));
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Empty(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix));
        checkout.Verify(c => c.StartAsync(new BookingKey(course.Id, receipt.Reference), It.IsAny<CancellationToken>()), Times.Once);

        var response = BookingResponse.From(receipt);
        Assert.Equal(("awaitingPayment", session.Url, "09:46 on Monday 4 January 2027"), (response.Status, response.CheckoutUrl, response.HeldUntil));
    }

    [Fact]
    public async Task Stripe_down_answers_try_again_and_the_retry_gets_the_held_place_and_its_session_not_a_second_place()
    {
        checkout.SetupSequence(c => c.StartAsync(It.IsAny<BookingKey>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CheckoutStart.Unavailable())
            .ReturnsAsync(new CheckoutStart.Started(session));

        var first = Assert.IsType<BookingOutcome.PaymentUnavailable>(await Service().BookAsync(Request(), "key-1", CancellationToken.None)).Receipt;
        var retry = Assert.IsType<BookingOutcome.Replayed>(await Service().BookAsync(Request(), "key-1", CancellationToken.None)).Receipt;

        Assert.Equal((first.Reference, session), (retry.Reference, retry.Checkout));
        Assert.Equal(1, store.Course(course.Id).GeneralPlacesTaken);
        Assert.Single(store.Rows<BookingEntity>(course.Id, RowKeys.BookingPrefix));
    }

    [Fact]
    public async Task Paying_another_way_where_the_course_allows_it_confirms_at_once_owing_the_price()
    {
        var receipt = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(paymentMethod: "anotherWay"), null, CancellationToken.None)).Receipt;

        Assert.Equal((BookingStatus.Confirmed, null), (receipt.Status, receipt.Checkout));
        var payment = Stored(receipt.Reference).Payment!;
        Assert.Equal((PaymentMethod.AnotherWay, 6000L, 6000L, PaymentState.Due), (payment.Method, payment.AmountPence, payment.OwedPence, payment.State));
        Assert.Single(store.Rows<OutboxEntity>(course.Id, RowKeys.OutboxPrefix));
        checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Paying_another_way_is_refused_on_a_course_that_takes_cards_only()
    {
        store.ChangeElsewhere(course.Id, c => c.PayAnotherWayAllowed = false);

        var outcome = await Service().BookAsync(Request(paymentMethod: "anotherWay"), null, CancellationToken.None);

        Assert.Equal("This course is paid by card when you book.", Assert.Single(Assert.IsType<BookingOutcome.Invalid>(outcome).Errors["paymentMethod"]));
        Assert.Equal(0, store.Commits);
    }

    [Fact]
    public async Task With_card_payments_off_a_paid_place_is_confirmed_owing_by_another_way()
    {
        payments.Enabled = false;

        var receipt = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request(), null, CancellationToken.None)).Receipt;

        Assert.Equal((BookingStatus.Confirmed, PaymentMethod.AnotherWay), (receipt.Status, Stored(receipt.Reference).Payment!.Method));
        checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_free_course_and_the_waitlist_take_no_payment()
    {
        store.ChangeElsewhere(course.Id, c => c.PricePence = 0);
        var free = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request("a@example.co.uk"), null, CancellationToken.None)).Receipt;
        store.ChangeElsewhere(course.Id, c => (c.PricePence, c.GeneralPlacesTaken) = (6000, 2));
        var waiting = Assert.IsType<BookingOutcome.Created>(await Service().BookAsync(Request("b@example.co.uk"), null, CancellationToken.None)).Receipt;

        Assert.Equal((BookingStatus.Confirmed, BookingStatus.Waitlisted), (free.Status, waiting.Status));
        Assert.Null(Stored(free.Reference).Payment);
        Assert.Null(Stored(waiting.Reference).Payment);
        checkout.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_payment_method_is_a_field_error()
    {
        var outcome = await Service().BookAsync(Request(paymentMethod: "cheque"), null, CancellationToken.None);

        Assert.Contains("paymentMethod", Assert.IsType<BookingOutcome.Invalid>(outcome).Errors.Keys);
    }
}
