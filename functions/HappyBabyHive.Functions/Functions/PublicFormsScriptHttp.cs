using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The forms' one script, served from our own origin so the pages' CSP can stay at script-src 'self'. Immutable for a
/// year when asked for by its current content hash (the link the pages use), five minutes otherwise.
/// </summary>
public sealed class PublicFormsScriptHttp
{
    [Function(nameof(FormsScript))]
    public IActionResult FormsScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/forms.js")] HttpRequest request)
    {
        var response = request.HttpContext.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = request.Query["v"] == Web.Forms.FormsScript.Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        return new ContentResult { Content = Web.Forms.FormsScript.Content, ContentType = "text/javascript; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
