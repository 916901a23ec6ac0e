using System.Buffers.Text;
using System.Text;
using HappyBabyHive.Time;

namespace HappyBabyHive.WellbeingTips;

/// <summary>A published tip as the website shows it. <see cref="Html"/> is paragraphs with every character encoded.</summary>
public sealed record TipResponse(
    string Week,
    DateTimeOffset PublishedAt,
    string Id,
    string Title,
    string Theme,
    int BabyAgeFromWeeks,
    int BabyAgeToWeeks,
    string TryThisWeek,
    bool Signposting,
    IReadOnlyList<string> Paragraphs,
    string Html)
{
    public static TipResponse From(TipPublication p)
    {
        var paragraphs = p.Paragraphs;
        return new(p.Week, UkTime.ToUk(p.PublishedUtc), p.TipId, p.Title, p.Theme, p.BabyAgeFromWeeks, p.BabyAgeToWeeks,
            p.TryThisWeek, p.Signposting, paragraphs, TipText.Html(paragraphs));
    }
}

public sealed record TipPageResponse(IReadOnlyList<TipResponse> Items, string? ContinuationToken);

public interface ITipArchive
{
    Task<TipResponse?> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>Published tips, newest first. Null when the continuation token is not one we issued.</summary>
    Task<TipPageResponse?> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

public sealed class TipArchive(ITipPublications publications) : ITipArchive
{
    public const int MaxPageSize = 50;

    public async Task<TipResponse?> CurrentAsync(CancellationToken cancellationToken)
    {
        var page = await ListAsync(1, null, cancellationToken);
        return page is { Items.Count: > 0 } ? page.Items[0] : null;
    }

    public async Task<TipPageResponse?> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        string? storageToken = null;
        if (!string.IsNullOrEmpty(continuationToken) && !TryDecode(continuationToken, out storageToken))
        {
            return null;
        }

        // The store's own continuation token travels base64url-encoded, so it is safe in a query string.
        var page = await publications.ListAsync(Math.Clamp(pageSize, 1, MaxPageSize), storageToken, cancellationToken);
        return page is null
            ? null
            : new TipPageResponse(
                [.. page.Items.Select(TipResponse.From)],
                page.Continuation is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.Continuation)));
    }

    private static bool TryDecode(string token, out string? decoded)
    {
        decoded = null;
        if (token.Length > 512 || !Base64Url.IsValid(token))
        {
            return false;
        }

        decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return decoded.Length > 0 && !decoded.Any(char.IsControl);
    }
}
