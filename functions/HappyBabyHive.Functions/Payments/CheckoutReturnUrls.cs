using HappyBabyHive.Configuration;

namespace HappyBabyHive.Payments;

/// <summary>
/// Where Stripe sends the parent back to after Checkout: pages of this app (BusinessOptions.PublicBaseUrl), with
/// Stripe's own <c>{CHECKOUT_SESSION_ID}</c> placeholder, which Stripe fills in, so the page can look the payment up.
/// </summary>
public static class CheckoutReturnUrls
{
    public const string SuccessRoute = "payments/success";
    public const string CancelRoute = "payments/cancelled";

    /// <summary>Stripe replaces this text in the success and cancel URLs with the session's id.</summary>
    public const string SessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

    public static string Success(BusinessOptions business) => Build(business, SuccessRoute);

    public static string Cancel(BusinessOptions business) => Build(business, CancelRoute);

    private static string Build(BusinessOptions business, string route) =>
        $"{business.PublicBaseUrl.TrimEnd('/')}/api/{route}?session_id={SessionIdPlaceholder}";
}
