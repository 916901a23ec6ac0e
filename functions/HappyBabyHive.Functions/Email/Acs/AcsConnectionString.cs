using System.Diagnostics.CodeAnalysis;

namespace HappyBabyHive.Email.Acs;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://...;accesskey=&lt;base64&gt;</c>, as the
/// portal and <c>listKeys().primaryConnectionString</c> give it. Used for HMAC signing outside Azure. Error messages
/// and <see cref="ToString"/> never repeat the access key.
/// </summary>
public sealed class AcsConnectionString
{
    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    /// <summary>The resource endpoint without a trailing slash, e.g. https://contoso.unitedstates.communication.azure.com.</summary>
    public Uri Endpoint { get; }

    /// <summary>The decoded access key, the HMAC-SHA256 key.</summary>
    internal byte[] AccessKey { get; }

    public static AcsConnectionString Parse(string value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out AcsConnectionString? connectionString,
        [NotNullWhen(false)] out string? error)
    {
        connectionString = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "it is empty.";
            return false;
        }

        string? endpointText = null;
        string? keyText = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: a base64 key ends with '=' padding.
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals].Trim();
            var text = equals < 0 ? string.Empty : part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                if (endpointText is not null)
                {
                    error = "it names 'endpoint' twice.";
                    return false;
                }

                endpointText = text;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                if (keyText is not null)
                {
                    error = "it names 'accesskey' twice.";
                    return false;
                }

                keyText = text;
            }
            else
            {
                // Only the name: the value may be a secret someone pasted into the wrong place.
                error = $"it has an unknown part '{name}'; expected endpoint=https://...;accesskey=...";
                return false;
            }
        }

        if (string.IsNullOrEmpty(endpointText))
        {
            error = "it has no 'endpoint=https://<resource>.communication.azure.com/' part.";
            return false;
        }

        if (!Uri.TryCreate(endpointText.TrimEnd('/'), UriKind.Absolute, out var endpoint))
        {
            error = $"its endpoint '{endpointText}' is not an absolute URL.";
            return false;
        }

        if (string.IsNullOrEmpty(keyText))
        {
            error = "it has no 'accesskey=' part.";
            return false;
        }

        var key = new byte[keyText.Length];
        if (!Convert.TryFromBase64String(keyText, key, out var length) || length == 0)
        {
            error = "its accesskey is not valid base64.";
            return false;
        }

        connectionString = new AcsConnectionString(endpoint, key[..length]);
        error = null;
        return true;
    }

    public override string ToString() => $"endpoint={Endpoint};accesskey=(hidden)";
}
