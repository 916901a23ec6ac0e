using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Storage;
using HappyBabyHive.Time;
using Microsoft.Extensions.Options;

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
    public static TipResponse From(TipPublicationEntity p)
    {
        var paragraphs = p.BodyParagraphs();
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

public sealed class TipArchive(TableServiceClient tables, IOptions<StorageOptions> storage) : ITipArchive
{
    public const int MaxPageSize = 50;

    private TableClient Publications => tables.GetTableClient(storage.Value.TipPublicationsTable);

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

        var query = Publications.QueryAsync<TipPublicationEntity>(
            p => p.PartitionKey == TipPublicationEntity.Partition, maxPerPage: Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken: cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(storageToken, Math.Clamp(pageSize, 1, MaxPageSize)))
            {
                return new TipPageResponse(
                    page.Values.Select(TipResponse.From).ToList(),
                    page.ContinuationToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.ContinuationToken)));
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException || e is RequestFailedException { Status: 400 })
        {
            return null; // A token that decodes but that the storage SDK or service refuses.
        }

        return new TipPageResponse([], null);
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
