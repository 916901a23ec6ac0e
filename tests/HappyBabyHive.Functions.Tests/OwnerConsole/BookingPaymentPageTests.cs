using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Pages.Console;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>The booking payment page's words and buttons: only what the owner can record for that booking.</summary>
public sealed class BookingPaymentPageTests
{
    private static readonly DateTimeOffset PaidAt = new(2027, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unpaid_bank_transfer_offers_mark_paid_only()
    {
        var (standing, toDo, actions) = BookingPaymentPage.Describe(Booked(new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000 }));

        Assert.Equal("£60 to pay by bank transfer or cash: not paid yet.", standing);
        Assert.Null(toDo);
        Assert.Equal([BookingPaymentModel.MarkPaid], actions.Select(a => a.Value));
    }

    [Fact]
    public void A_paid_bank_transfer_offers_only_the_undo()
    {
        var (standing, _, actions) = BookingPaymentPage.Describe(Booked(new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000, PaidPence = 6000, PaidUtc = PaidAt }));

        Assert.Equal("Paid £60 by bank transfer or cash on Tuesday 2 March 2027.", standing);
        Assert.Equal([BookingPaymentModel.UndoPaid], actions.Select(a => a.Value));
    }

    [Fact]
    public void A_refund_due_by_hand_says_so_and_offers_mark_refunded()
    {
        var (_, toDo, actions) = BookingPaymentPage.Describe(Booked(new BookingPayment
        {
            Method = PaymentMethod.AnotherWay, AmountPence = 6000, PaidPence = 6000, PaidUtc = PaidAt, RefundDuePence = 6000, RefundReason = "owner-cancelled",
        }) with { Status = BookingStatus.Cancelled });

        Assert.Equal("Refund £60 by bank transfer, then mark it refunded here.", toDo);
        Assert.Equal([BookingPaymentModel.MarkRefunded], actions.Select(a => a.Value));
    }

    [Fact]
    public void Card_payments_and_free_places_have_nothing_to_press()
    {
        Assert.Empty(BookingPaymentPage.Describe(Booked(new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, PaidUtc = PaidAt })).Actions);
        Assert.Empty(BookingPaymentPage.Describe(Booked(new BookingPayment
        {
            Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, PaidUtc = PaidAt, RefundDuePence = 6000,
        })).Actions);
        Assert.Empty(BookingPaymentPage.Describe(Booked(null) with { IsFreePlace = true }).Actions);
    }

    private static Booking Booked(BookingPayment? payment) => new()
    {
        Reference = "K7M3-Q9XP",
        Status = BookingStatus.Confirmed,
        ParentName = "Sam",
        Email = "sam@example.co.uk",
        BabyFirstName = "Ada",
        BabyDateOfBirth = new DateOnly(2027, 1, 1),
        CreatedUtc = PaidAt,
        Payment = payment,
    };
}
