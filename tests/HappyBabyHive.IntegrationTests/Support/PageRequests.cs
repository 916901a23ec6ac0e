using System.Text;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.IntegrationTests.Support;

/// <summary>Requests as a browser sends them to the family's pages, for calling the page functions directly.</summary>
internal static class PageRequests
{
    /// <summary>Opening a page from its emailed link.</summary>
    public static HttpRequest Get(string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = QueryString.Create("token", token);
        return context.Request;
    }

    /// <summary>A form posted from the page itself.</summary>
    public static HttpRequest Post(IReadOnlyDictionary<string, string> fields)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Headers["Sec-Fetch-Site"] = "same-origin";
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return context.Request;
    }
}
