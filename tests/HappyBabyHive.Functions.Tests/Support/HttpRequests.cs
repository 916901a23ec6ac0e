using System.Text;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.Tests.Support;

/// <summary>Real ASP.NET Core requests (DefaultHttpContext), as the worker's ASP.NET Core integration passes them.</summary>
public static class HttpRequests
{
    public static HttpRequest Json(string method, string body, string contentType = "application/json", string? clientAddress = "203.0.113.7")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        if (clientAddress is not null)
        {
            // What the worker's forwarded-headers middleware leaves there from the host's X-Forwarded-For.
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(clientAddress);
        }

        return context.Request;
    }

    public static HttpRequest Get(string? origin = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context.Request;
    }
}
