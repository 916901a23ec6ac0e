using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;

namespace HappyBabyHive.IntegrationTests.Payments;

/// <summary>Finding the booking a Stripe payment intent paid for, on Azurite: what a refund made in the dashboard names.</summary>
public sealed class PaymentIntentBookingsTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private AppServices app = null!;

    public async Task InitializeAsync() => app = await AppServices.CreateAsync(emulators);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_booking_that_recorded_the_payment_intent_is_found_and_a_family_who_moved_is_found_where_they_moved_to()
    {
        await AddAsync("course-a", "HBH-LEFT", "pi_moved", BookingStatus.Cancelled, CancellationReason.MovedAway);
        await AddAsync("course-b", "HBH-HERE", "pi_moved", BookingStatus.Confirmed);
        await AddAsync("course-a", "HBH-ONLY", "pi_only", BookingStatus.Confirmed);
        await AddAsync("course-a", "HBH-OTHER", "pi_other", BookingStatus.Confirmed);
        var lookup = app.Get<IPaymentIntentBookings>();

        Assert.Equal(new BookingKey("course-b", "HBH-HERE"), await lookup.FindAsync("pi_moved", CancellationToken.None));
        Assert.Equal(new BookingKey("course-a", "HBH-ONLY"), await lookup.FindAsync("pi_only", CancellationToken.None));
        Assert.Null(await lookup.FindAsync("pi_nobody", CancellationToken.None));
    }

    private Task<Azure.Response> AddAsync(string courseId, string reference, string paymentIntent, BookingStatus status, CancellationReason? reason = null) =>
        app.BookingsTable.AddEntityAsync(BookingEntity.FromBooking(courseId, new Booking
        {
            Reference = reference,
            Status = status,
            CancellationReason = reason,
            ParentName = "Sam",
            Email = "sam@example.co.uk",
            BabyFirstName = "Ada",
            BabyDateOfBirth = new DateOnly(2026, 11, 1),
            CreatedUtc = DateTimeOffset.UtcNow,
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaymentIntentId = paymentIntent, PaidPence = 6000, PaidUtc = DateTimeOffset.UtcNow },
        }));
}
