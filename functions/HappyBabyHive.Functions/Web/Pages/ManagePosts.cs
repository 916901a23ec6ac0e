using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// The checks every POST from a family's booking pages (manage, claim, confirm email) passes before its token is even
/// read: from this site, a plain form, small. Each refusal is a kind page that says nothing changed.
/// </summary>
public static class ManagePosts
{
    public static async Task<(IReadOnlyDictionary<string, string>? Form, IActionResult? Refused)> ReadAsync(
        HttpRequest request, ManageBookingPages pages, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (SameSiteCheck.IsCrossSite(request, publicBaseUrl))
        {
            return (null, await pages.CrossSiteAsync(response));
        }

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return (null, await pages.UnreadableAsync(response, "That was too large for us to read.", StatusCodes.Status413PayloadTooLarge));
        }

        // The shared bounded reader, not ReadFormAsync: it refuses multipart, chunked bodies over the limit and other
        // surprises as a 4xx instead of throwing (a 500).
        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        return form is null
            ? (null, await pages.UnreadableAsync(response, problem!, request.HasFormContentType ? StatusCodes.Status400BadRequest : StatusCodes.Status415UnsupportedMediaType))
            : (form, null);
    }
}
