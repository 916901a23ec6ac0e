using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Website.Manage;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The link sent to a new email address a family gave on their manage page. GET shows a button (scanners open links
/// too, and must not confirm); its POST makes the address the booking's. The token names the booking and the change's
/// number, never the address.
/// </summary>
public sealed class PublicConfirmBookingEmailHttp(
    IManageBookingService bookings,
    BookingEmailChange emailChange,
    ManageBookingPages pages,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ShowConfirmBookingEmail))]
    public async Task<IActionResult> ShowConfirmBookingEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingEmailChange.Route)] HttpRequest request)
    {
        var response = request.HttpContext.Response;
        var token = request.Query[BookingEmailChange.TokenParameter].ToString();
        var (check, key, _) = emailChange.Verify(token);
        return key is null
            ? await pages.BadLinkAsync(response, check)
            : await pages.ConfirmEmailFormAsync(response, token);
    }

    [Function(nameof(ConfirmBookingEmail))]
    public async Task<IActionResult> ConfirmBookingEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingEmailChange.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        var (form, refused) = await ManagePosts.ReadAsync(request, pages, business.Value.PublicBaseUrl, cancellationToken);
        if (form is null)
        {
            return refused!;
        }

        var (check, key, change) = emailChange.Verify(form.GetValueOrDefault(ManageFields.Token));
        return key is null
            ? await pages.BadLinkAsync(response, check)
            : await pages.EmailConfirmedAsync(response, await bookings.ConfirmEmailAsync(key, change, cancellationToken));
    }
}
