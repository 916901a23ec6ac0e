using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The forms' one script, served from our own origin so the pages' CSP can stay at script-src 'self'. The pages link
/// it with a content hash in the query, so it can be cached for a long time and still change on deploy.
/// </summary>
public sealed class PublicFormsScriptHttp
{
    private static readonly string Script = LoadScript();

    public static string Version { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))[..12];

    /// <summary>Relative to the form pages (…/api/forms/…).</summary>
    public static string ScriptPath { get; } = "forms.js?v=" + Version;

    [Function(nameof(FormsScript))]
    public IActionResult FormsScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/forms.js")] HttpRequest request)
    {
        var response = request.HttpContext.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = request.Query["v"] == Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        return new ContentResult { Content = Script, ContentType = "text/javascript; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    private static string LoadScript()
    {
        using var stream = typeof(PublicFormsScriptHttp).Assembly.GetManifestResourceStream("HappyBabyHive.Web.Forms.forms.js")
            ?? throw new InvalidOperationException("forms.js is missing from the assembly's embedded resources.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
