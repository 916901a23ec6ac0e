using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings;

/// <summary>The booking form's and API's <c>paymentMethod</c> values.</summary>
public static class PaymentChoice
{
    public const string Card = "card";
    public const string AnotherWay = "anotherWay";

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
