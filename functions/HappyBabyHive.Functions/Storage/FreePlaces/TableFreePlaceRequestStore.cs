using Azure;
using Azure.Data.Tables;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.FreePlaces;

/// <summary>
/// The FreePlaceRequests table: one partition per request, holding the request row and the outbox rows for the emails
/// it owes, so a request (or its decision) and its email are one transaction. Every replace is guarded by the ETag the
/// request was read with, carried in <see cref="FreePlaceRequestRecord.Version"/>.
/// </summary>
internal sealed class TableFreePlaceRequestStore(TableServiceClient tables, IOptions<StorageOptions> storage) : IFreePlaceRequestStore
{
    private const string RequestAction = "request";

    private TableClient Requests => tables.GetTableClient(storage.Value.FreePlaceRequestsTable);

    public async Task<FreePlaceRequestRecord?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        if (!FreePlaceRequestIds.IsValid(requestId))
        {
            return null;
        }

        var row = await Requests.GetEntityIfExistsAsync<FreePlaceRequestEntity>(requestId, FreePlaceRequestEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToRecord() : null;
    }

    public async Task<IReadOnlyList<FreePlaceRequestRecord>> ListAsync(FreePlaceStatus? status, CancellationToken cancellationToken)
    {
        // A scan over request rows: this business receives tens of requests a year, so one query is a few milliseconds.
        var statusName = status?.ToString();
        var filter = statusName is null
            ? TableClient.CreateQueryFilter<FreePlaceRequestEntity>(e => e.RowKey == FreePlaceRequestEntity.Row)
            : TableClient.CreateQueryFilter<FreePlaceRequestEntity>(e => e.RowKey == FreePlaceRequestEntity.Row && e.Status == statusName);
        var list = await QueryAsync(filter, cancellationToken);
        return list.OrderByDescending(r => r.CreatedUtc).ToList();
    }

    public Task<IReadOnlyList<FreePlaceRequestRecord>> ListNotesDecidedByAsync(DateTimeOffset decidedByUtc, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {FreePlaceRequestEntity.Row} and HasNote eq {true} and DecidedUtc le {decidedByUtc}"), cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>?> TryAddAsync(FreePlaceRequestRecord request, IReadOnlyList<string> emailTemplates, CancellationToken cancellationToken)
    {
        var transaction = new TableTransactionBuilder<string>().Add(RequestAction, FreePlaceRequestEntity.From(request));
        var messages = new List<OutboxMessage>();
        foreach (var template in emailTemplates)
        {
            var outbox = Outbox(request.Id, template, request.CreatedUtc);
            transaction.Add(template, outbox);
            messages.Add(new OutboxMessage(TableNames.FreePlaceRequests, request.Id, outbox.RowKey));
        }

        try
        {
            await transaction.SubmitAsync(Requests, cancellationToken);
            return messages;
        }
        catch (TableTransactionRejectedException<string> e) when (e.IsAlreadyExists && e.FailedName == RequestAction)
        {
            return null;
        }
    }

    public async Task<FreePlaceRequestRecord?> TryReplaceAsync(FreePlaceRequestRecord request, CancellationToken cancellationToken)
    {
        var row = Guarded(request);
        try
        {
            var response = await Requests.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return request with { Version = response.Headers.ETag!.Value.ToString("G") };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return null;
        }
    }

    public async Task<OutboxMessage?> TryReplaceOwingEmailAsync(FreePlaceRequestRecord request, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outbox = Outbox(request.Id, emailTemplate, now);
        try
        {
            await new TableTransactionBuilder<string>()
                .Replace(RequestAction, Guarded(request))
                .Add(emailTemplate, outbox)
                .SubmitAsync(Requests, cancellationToken);
            return new OutboxMessage(TableNames.FreePlaceRequests, request.Id, outbox.RowKey);
        }
        catch (TableTransactionRejectedException<string> e) when (e.IsPreconditionFailed)
        {
            return null;
        }
    }

    private static FreePlaceRequestEntity Guarded(FreePlaceRequestRecord request) =>
        request.Version.Length > 0
            ? FreePlaceRequestEntity.From(request)
            : throw new InvalidOperationException("Only a request read from the store can be replaced: the write is guarded by the version it was read at.");

    private static OutboxEntity Outbox(string requestId, string template, DateTimeOffset now) =>
        OutboxEntity.Create(requestId, RowKeys.Outbox(requestId, template), template, FreePlaceRequestEntity.Row, now, OutboxGrace.Default);

    private async Task<IReadOnlyList<FreePlaceRequestRecord>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var list = new List<FreePlaceRequestRecord>();
        await foreach (var row in Requests.QueryAsync<FreePlaceRequestEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(row.ToRecord());
        }

        return list;
    }
}
