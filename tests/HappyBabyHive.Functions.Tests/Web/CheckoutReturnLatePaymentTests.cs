using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.Payments;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Web;

/// <summary>The page Stripe sends a parent back to, when their payment arrived after the place had gone.</summary>
public sealed class CheckoutReturnLatePaymentTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryCoursePartitionStore store = new();
    private readonly Mock<IPaymentGateway> gateway = new();
    private readonly Course course = SampleCourses.Massage(new DateOnly(2027, 2, 2), capacity: 2, freePlaces: 0) with { Title = "Massage & <b>Calm</b>" };

    public CheckoutReturnLatePaymentTests()
    {
        gateway.Setup(g => g.GetSessionAsync("cs_test_1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SessionLookupOutcome.Found(new CheckoutSessionState("cs_test_1", course.Id, "HBH-PAY", "complete", Paid: true)));
    }

    private void Add(CourseStatus courseStatus, BookingPayment payment, CancellationReason reason)
    {
        store.Add(course with { Status = courseStatus });
        store.AddBooking(course.Id, new Booking
        {
            Reference = "HBH-PAY",
            Status = BookingStatus.Cancelled,
            CancellationReason = reason,
            ParentName = "Sam",
            Email = "sam@example.co.uk",
            BabyFirstName = "Ada",
            BabyDateOfBirth = new DateOnly(2026, 11, 1),
            CreatedUtc = Now,
            Payment = payment,
        });
    }

    private static BookingPayment Paid(long refundDue, string? reason) => new()
    {
        Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, CheckoutSessionId = "cs_test_1", PaidPence = 6000, PaidUtc = Now,
        RefundDuePence = refundDue, RefundReason = reason,
    };

    private Task<CheckoutReturn> FindAsync() =>
        new CheckoutReturns(gateway.Object, store, new Mock<IBookingCheckout>(MockBehavior.Strict).Object).FindAsync("cs_test_1", CancellationToken.None);

    [Theory]
    [InlineData(CourseStatus.Open, CancellationReason.PaymentNotCompleted, false)]
    [InlineData(CourseStatus.Cancelled, CancellationReason.CourseCancelled, true)]
    public async Task A_payment_owed_back_because_the_place_had_gone_is_said_to_be_too_late_not_still_confirming(CourseStatus status, CancellationReason reason, bool courseCancelled)
    {
        Add(status, Paid(6000, CheckoutEventHandler.NoPlaceRefundReason), reason);

        Assert.Equal(new CheckoutReturn.PaidTooLate(course.Title, "HBH-PAY", courseCancelled), await FindAsync());
    }

    [Fact]
    public async Task A_paid_cancelled_booking_whose_payment_event_is_not_applied_yet_is_still_confirming()
    {
        Add(CourseStatus.Open, Paid(0, null) with { PaidPence = 0, PaidUtc = null }, CancellationReason.PaymentNotCompleted);

        Assert.IsType<CheckoutReturn.Confirming>(await FindAsync());
    }

    [Theory]
    [InlineData(false, "after the place we were holding for you had been released")]
    [InlineData(true, "after the course had been cancelled")]
    public async Task The_page_says_kindly_that_the_payment_came_too_late_is_being_refunded_and_was_emailed_and_does_not_refresh(bool courseCancelled, string why)
    {
        var pages = new CheckoutReturnPages(TestPages.Results(
            Options.Create(new BrandingOptions()), Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }), Options.Create(new WebsiteOptions())));
        var response = new DefaultHttpContext().Response;

        var page = await pages.ShowAsync(response, new CheckoutReturn.PaidTooLate(course.Title, "HBH-PAY", courseCancelled), "cs_test_1");

        Assert.Equal(StatusCodes.Status200OK, page.StatusCode ?? StatusCodes.Status200OK);
        Assert.False(response.Headers.ContainsKey("Refresh"));
        using var document = HostileHtml.Parse(page.Content!);
        var text = document.QuerySelector("main")!.TextContent;
        Assert.Contains($"Your payment for {course.Title} reached us {why}", text, StringComparison.Ordinal);
        Assert.Contains("We're refunding your payment in full", text, StringComparison.Ordinal);
        Assert.Contains("We've emailed you", text, StringComparison.Ordinal);
        Assert.Contains("HBH-PAY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("confirming", text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(document.QuerySelector("main b")); // the course title stays text
    }
}
