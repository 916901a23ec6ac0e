using HappyBabyHive.Text;

namespace HappyBabyHive.Courses.Emails;

/// <summary>What the cancellation emails say about money, from the booking's payment as it stands when the email is sent.</summary>
public static class RefundWording
{
    /// <summary>Card refunds reach the family's account in this many working days (Stripe's guidance for UK cards).</summary>
    public const string CardRefundArrives = "5 to 10 working days";

    /// <summary>
    /// A refund decided: how and when it arrives. Paid and kept: says so (<paramref name="keptBecause"/> gives the
    /// reason). Nothing paid: that there is nothing to pay. Null when the place had no payment at all (booked before
    /// payments, or a free place): the caller's own words apply.
    /// </summary>
    public static string? Sentence(BookingPayment? payment, string? keptBecause = null) => payment switch
    {
        null => null,
        { RefundDuePence: > 0, Method: PaymentMethod.Card } p =>
            $"We're refunding the {Money.Pounds(p.RefundDuePence)} you paid to the card you paid with. Refunds usually take {CardRefundArrives} to reach your account, and you don't need to do anything.",
        { RefundDuePence: > 0 } p when !p.RefundOutstanding =>
            $"We've paid back the {Money.Pounds(p.RefundDuePence)} you paid.",
        { RefundDuePence: > 0 } p =>
            $"We'll pay back the {Money.Pounds(p.RefundDuePence)} you paid by bank transfer within a few days. If we don't have your bank details, we'll be in touch to ask for them.",
        { PaidPence: > 0 } p =>
            $"The {Money.Pounds(p.PaidPence)} you paid isn't refunded{(keptBecause is null ? "." : ", " + keptBecause)} If you have a question about this, just reply to this email.",
        _ => "You hadn't paid for the place yet, so there is nothing to pay.",
    };
}
