using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Payments;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// Where Stripe Checkout sends the parent back to (CheckoutReturnUrls): "you're booked" after paying, or "payment not
/// finished, your place is held until…" after leaving Checkout. Both find the booking by Stripe's session id alone.
/// </summary>
public sealed class PublicCheckoutReturnHttp(ICheckoutReturns returns, CheckoutReturnPages pages)
{
    public const string SessionIdParameter = "session_id";

    [Function(nameof(CheckoutSucceeded))]
    public Task<ContentResult> CheckoutSucceeded(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CheckoutReturnUrls.SuccessRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        ShowAsync(request, cancellationToken);

    [Function(nameof(CheckoutCancelled))]
    public Task<ContentResult> CheckoutCancelled(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CheckoutReturnUrls.CancelRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        ShowAsync(request, cancellationToken);

    // One page for both: where the booking stands decides what it says (a parent who paid and then pressed Back on
    // Stripe's page lands on "cancelled" yet is booked), so the two addresses only differ for Stripe.
    private async Task<ContentResult> ShowAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var sessionId = request.Query[SessionIdParameter].ToString();
        var where = await returns.FindAsync(sessionId, cancellationToken);
        return await pages.ShowAsync(request.HttpContext.Response, where, where is CheckoutReturn.Unknown ? string.Empty : sessionId);
    }
}
