using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace HappyBabyHive.TestSupport;

/// <summary>
/// maildev's REST API (under /api): the inbox the app's SMTP sender delivered to. The inbox is shared by every test in
/// the run, so read it by recipient (each test uses addresses of its own) and never clear it.
/// </summary>
public sealed class Maildev(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IReadOnlyList<MaildevEmail>> AllAsync() =>
        await http.GetFromJsonAsync<List<MaildevEmail>>("api/email") ?? [];

    public async Task<IReadOnlyList<MaildevEmail>> ToAsync(string address) =>
        (await AllAsync()).Where(e => e.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Polls until <paramref name="count"/> emails to the address have arrived (or the time is up), then returns them.</summary>
    public async Task<IReadOnlyList<MaildevEmail>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var emails = await ToAsync(address);
            if (emails.Count >= count || DateTime.UtcNow > deadline)
            {
                return emails;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Polls until an email to the address matching the filter arrives; fails the test if none does in time.</summary>
    public async Task<MaildevEmail> WaitForAsync(string address, Func<MaildevEmail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = (await ToAsync(address)).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching email arrived for {address} in time.");
            }

            await Task.Delay(250);
        }
    }

    public Task<string> HtmlAsync(string id) => http.GetStringAsync($"api/email/{id}/html");

    /// <summary>The message exactly as the SMTP server received it (raw MIME, headers and all).</summary>
    public Task<string> SourceAsync(string id) => http.GetStringAsync($"api/email/{id}/source");

    public Task<byte[]> AttachmentAsync(string id, string fileName) => http.GetByteArrayAsync($"api/email/{id}/attachment/{Uri.EscapeDataString(fileName)}");

    public void Dispose() => http.Dispose();
}

public sealed record MaildevAddress(string Address, string Name);

public sealed record MaildevAttachment(string FileName, string ContentType, string GeneratedFileName);

public sealed record MaildevEmail(
    string Id,
    string Subject,
    string? Text,
    string? Html,
    IReadOnlyList<MaildevAddress> To,
    IReadOnlyList<MaildevAddress> From,
    IReadOnlyList<MaildevAttachment>? Attachments,
    [property: JsonPropertyName("headers")] Dictionary<string, object>? Headers);
