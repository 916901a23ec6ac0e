using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace HappyBabyHive.Http;

/// <summary>Reads a small JSON body, turning every way it can be wrong into the right problem response.</summary>
public static class JsonBody
{
    /// <summary>Our forms send well under 2 KB; 16 KB leaves room without letting anyone post megabytes.</summary>
    public const int MaxBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
              mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge(MaxBytes));
        }

        // Content-Length can be absent (chunked), so never read more than the limit regardless.
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, Problems.TooLarge(MaxBytes));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), Options);
            return value is null
                ? (null, Problems.MalformedJson("The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the body" : $"'{e.Path.TrimStart('$', '.')}'";
            return (null, Problems.MalformedJson($"We couldn't read {where}. Please check the JSON syntax and value types."));
        }
    }
}
