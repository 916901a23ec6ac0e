using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings;

/// <summary>The booking form's and API's <c>paymentMethod</c> values.</summary>
public static class PaymentChoice
{
    public const string Card = "card";
    public const string AnotherWay = "anotherWay";

    /// <summary>
    /// Which values a booking on <paramref name="course"/> may send: none on a free course; with card payments on,
    /// card and, where the course allows it, another way; with them off, every place is paid another way (the booking
    /// is confirmed unpaid, whatever it sent).
    /// </summary>
    public static (bool Card, bool AnotherWay) Offered(Course course, bool cardPaymentsOn) => course.PricePence switch
    {
        <= 0 => (false, false),
        _ when cardPaymentsOn => (true, course.PayAnotherWayAllowed),
        _ => (false, true),
    };

    public static bool TryParse(string? value, out PaymentMethod method)
    {
        switch (value)
        {
            case Card:
                method = PaymentMethod.Card;
                return true;
            case AnotherWay:
                method = PaymentMethod.AnotherWay;
                return true;
            default:
                method = default;
                return false;
        }
    }
}
