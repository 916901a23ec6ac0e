using System.Net.Http.Json;

namespace HappyBabyHive.BrowserTests.Support;

/// <summary>maildev's REST API: the inbox the app's SMTP sender delivered to.</summary>
public sealed class Maildev(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IReadOnlyList<MaildevEmail>> ToAsync(string address) =>
        ((await http.GetFromJsonAsync<List<MaildevEmail>>("api/email")) ?? [])
            .Where(e => e.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();

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

    public void Dispose() => http.Dispose();
}

public sealed record MaildevAddress(string Address, string Name);

public sealed record MaildevAttachment(string FileName, string ContentType);

public sealed record MaildevEmail(string Id, string Subject, string? Text, string? Html, IReadOnlyList<MaildevAddress> To, IReadOnlyList<MaildevAttachment>? Attachments);
