using System.Text.Json;
using System.Text.Json.Serialization;

namespace HappyBabyHive.Email.Acs;

/// <summary>The body of <c>POST /emails:send</c> (EmailMessage in the 2023-03-31 and 2025-09-01 specs).</summary>
internal sealed record AcsSendEmailRequest(
    string SenderAddress,
    AcsEmailContent Content,
    AcsEmailRecipients Recipients,
    IReadOnlyList<AcsEmailAddress>? ReplyTo,
    IReadOnlyList<AcsEmailAttachment>? Attachments,
    IReadOnlyDictionary<string, string>? Headers,
    bool UserEngagementTrackingDisabled)
{
    // camelCase property names; dictionary keys (header names) are left as they are. Nulls are left out.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static AcsSendEmailRequest From(EmailMessage message, string senderAddress, string? replyTo)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in message.Headers)
        {
            // HeaderText.Clean turns CR, LF and other control characters into spaces; ACS rejects empty values.
            var cleanName = HeaderText.Clean(name);
            var cleanValue = HeaderText.Clean(value);
            if (cleanName.Length > 0 && cleanValue.Length > 0)
            {
                headers[cleanName] = cleanValue;
            }
        }

        return new AcsSendEmailRequest(
            senderAddress,
            new AcsEmailContent(HeaderText.Clean(message.Subject), NullIfEmpty(message.TextBody), NullIfEmpty(message.HtmlBody)),
            new AcsEmailRecipients([Address(message.To.Address, message.To.DisplayName)]),
            string.IsNullOrWhiteSpace(replyTo) ? null : [Address(replyTo, null)],
            message.Attachments.Count == 0
                ? null
                : [.. message.Attachments.Select(a => new AcsEmailAttachment(HeaderText.Clean(a.FileName), a.ContentType, Convert.ToBase64String(a.Content)))],
            headers.Count == 0 ? null : headers,
            UserEngagementTrackingDisabled: true);
    }

    /// <summary>Serialized once: the HMAC content hash must cover exactly these bytes.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static AcsEmailAddress Address(string address, string? displayName) =>
        new(address.Trim(), string.IsNullOrWhiteSpace(displayName) ? null : HeaderText.Clean(displayName));
}

internal sealed record AcsEmailContent(string Subject, string? PlainText, string? Html);

internal sealed record AcsEmailRecipients(IReadOnlyList<AcsEmailAddress> To);

internal sealed record AcsEmailAddress(string Address, string? DisplayName);

internal sealed record AcsEmailAttachment(string Name, string ContentType, string ContentInBase64);
