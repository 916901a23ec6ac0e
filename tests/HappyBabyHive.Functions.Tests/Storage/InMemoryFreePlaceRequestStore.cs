using System.Globalization;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Tests.Storage;

/// <summary>
/// Free-place requests in memory, with the table store's rules: an add of an existing id is refused and writes nothing
/// (emails included); a replace based on an old version is refused; every write gives the request a new version.
/// Records are immutable, so callers never share a mutable row.
/// </summary>
internal sealed class InMemoryFreePlaceRequestStore : IFreePlaceRequestStore
{
    private readonly Dictionary<string, FreePlaceRequestRecord> requests = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> emails = [];
    private int version;

    /// <summary>Runs just before a replace is checked, e.g. to let "another decider" change the request first.</summary>
    public Func<Task>? BeforeReplace { get; set; }

    /// <summary>Every email owed so far, in order.</summary>
    public IReadOnlyList<OutboxMessage> Emails => emails;

    public int Writes { get; private set; }

    public int Reads { get; private set; }

    /// <summary>Stores <paramref name="request"/> as it is (test setup); returns it as stored, with its version.</summary>
    public FreePlaceRequestRecord Put(FreePlaceRequestRecord request) => requests[request.Id] = request with { Version = NextVersion() };

    /// <summary>The request as stored now.</summary>
    public FreePlaceRequestRecord Stored(string requestId) => requests[requestId];

    public Task<FreePlaceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(FreePlaceRequestIds.IsValid(requestId) ? requests.GetValueOrDefault(requestId) : null);
    }

    public Task<IReadOnlyList<FreePlaceRequestRecord>> ListAsync(FreePlaceStatus? status, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<FreePlaceRequestRecord>>(
            requests.Values.Where(r => status is null || r.Status == status).OrderByDescending(r => r.CreatedUtc).ToList());
    }

    public Task<IReadOnlyList<FreePlaceRequestRecord>> ListNotesDecidedByAsync(DateTimeOffset decidedByUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FreePlaceRequestRecord>>(
            requests.Values.Where(r => r.HasNote && r.DecidedUtc <= decidedByUtc).ToList());

    public Task<IReadOnlyList<OutboxMessage>?> TryAddAsync(FreePlaceRequestRecord request, IReadOnlyList<string> emailTemplates, CancellationToken cancellationToken)
    {
        if (!requests.TryAdd(request.Id, request with { Version = NextVersion() }))
        {
            return Task.FromResult<IReadOnlyList<OutboxMessage>?>(null);
        }

        Writes++;
        var owed = emailTemplates.Select(t => Owe(request.Id, t)).ToList();
        return Task.FromResult<IReadOnlyList<OutboxMessage>?>(owed);
    }

    public async Task<FreePlaceRequestRecord?> TryReplaceAsync(FreePlaceRequestRecord request, CancellationToken cancellationToken) =>
        await ReplaceAsync(request);

    public async Task<OutboxMessage?> TryReplaceOwingEmailAsync(FreePlaceRequestRecord request, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ReplaceAsync(request) is null ? null : Owe(request.Id, emailTemplate);

    private async Task<FreePlaceRequestRecord?> ReplaceAsync(FreePlaceRequestRecord request)
    {
        if (request.Version.Length == 0)
        {
            throw new InvalidOperationException("Only a request read from the store can be replaced.");
        }

        if (BeforeReplace is { } before)
        {
            BeforeReplace = null;
            await before();
        }

        if (!requests.TryGetValue(request.Id, out var stored) || stored.Version != request.Version)
        {
            return null;
        }

        Writes++;
        return requests[request.Id] = request with { Version = NextVersion() };
    }

    private OutboxMessage Owe(string requestId, string template)
    {
        var message = new OutboxMessage(TableNames.FreePlaceRequests, requestId, RowKeys.Outbox(requestId, template));
        emails.Add(message);
        return message;
    }

    private string NextVersion() => (++version).ToString(CultureInfo.InvariantCulture);
}
