using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Http;

/// <summary>Reads a small application/x-www-form-urlencoded body (a plain HTML form post), with the same size limit as JSON.</summary>
public static class FormBody
{
    public static async Task<(IReadOnlyDictionary<string, string>? Form, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "We couldn't read the form. Please go back and try again.");
        }

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return (null, "The form was too large to read. Please go back and shorten what you typed.");
        }

        var buffer = new byte[JsonBody.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > JsonBody.MaxBytes)
        {
            return (null, "The form was too large to read. Please go back and shorten what you typed.");
        }

        // Our pages are UTF-8, so browsers post UTF-8. A repeated name keeps its first value.
        var parsed = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(buffer, 0, length));
        return (parsed.ToDictionary(p => p.Key, p => p.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal), null);
    }
}
