using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.Registers;

/// <summary>Where a family's money stands, in the owner's words: the same on the register page, its CSV and the admin API.</summary>
public static class PaymentWords
{
    public const string FreePlace = "Free place";

    /// <summary>A booking made before payments existed (or never given a payment record): nothing to say about money.</summary>
    public const string NotRecorded = "No payment recorded";

    /// <summary>
    /// E.g. "Paid £60.00 on 3 Dec", "Unpaid £60.00: bank transfer or cash", "Unpaid £60.00: paying by card now",
    /// "Part refunded: £20.00 of £60.00 given back", "Refunded £60.00", with "(refund of £20.00 on its way)" while a
    /// decided refund is not yet confirmed.
    /// </summary>
    public static string Describe(bool isFreePlace, BookingPayment? payment, BookingStatus status = BookingStatus.Confirmed)
    {
        if (isFreePlace)
        {
            return FreePlace;
        }

        if (payment is null)
        {
            return NotRecorded;
        }

        var words = payment.State switch
        {
            PaymentState.Due => $"Unpaid {Pounds(payment.OwedPence)}: {HowDue(payment, status)}",
            PaymentState.Paid => payment.PaidUtc is { } at ? $"Paid {Pounds(payment.PaidPence)} on {UkDateFormat.ShortDate(at)}" : $"Paid {Pounds(payment.PaidPence)}",
            PaymentState.PartRefunded => $"Part refunded: {Pounds(payment.RefundedPence)} of {Pounds(payment.PaidPence)} given back",
            _ => $"Refunded {Pounds(payment.RefundedPence)}",
        };
        return payment.RefundOutstanding
            ? $"{words} (refund of {Pounds(payment.RefundDuePence - payment.RefundedPence)} on its way)"
            : words;
    }

    /// <summary>The method as the payments CSV and the admin API name it.</summary>
    public static string Method(bool isFreePlace, BookingPayment? payment) => isFreePlace
        ? FreePlace
        : payment?.Method switch
        {
            PaymentMethod.Card => "Card",
            PaymentMethod.AnotherWay => "Bank transfer or cash",
            _ => NotRecorded,
        };

    /// <summary>Pence as pounds with pence, e.g. "£60.00": money columns line up, and "£60" next to "£7.50" reads oddly.</summary>
    public static string Pounds(long pence) => (pence / 100m).ToString("£#,0.00", UkDateFormat.Culture);

    private static string HowDue(BookingPayment payment, BookingStatus status) => payment.Method switch
    {
        PaymentMethod.Card when status == BookingStatus.AwaitingPayment && payment.HeldUntilUtc is { } until =>
            $"paying by card now (place held until {UkDateFormat.Clock(until)})",
        PaymentMethod.Card => "card payment awaited",
        _ => "bank transfer or cash",
    };
}
