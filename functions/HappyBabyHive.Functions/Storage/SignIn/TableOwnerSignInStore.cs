using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;
using HappyBabyHive.OwnerConsole.SignIn;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.SignIn;

/// <summary>The OwnerSignIns table: one partition per link id, holding the attempt, its outbox row and its use.</summary>
internal sealed class TableOwnerSignInStore(TableServiceClient tables, IOptions<StorageOptions> storage) : IOwnerSignInStore
{
    private TableClient SignIns => tables.GetTableClient(storage.Value.OwnerSignInsTable);

    public async Task<OutboxMessage> AddAsync(SignInAttempt attempt, TimeSpan outboxGracePeriod, CancellationToken cancellationToken)
    {
        var row = new OwnerSignInAttemptEntity
        {
            PartitionKey = attempt.LinkId,
            OwnerEmail = attempt.OwnerEmail,
            CreatedUtc = attempt.CreatedUtc,
            ExpiresUtc = attempt.ExpiresUtc,
        };
        var outbox = OutboxEntity.Create(
            attempt.LinkId, RowKeys.Outbox(attempt.LinkId, EmailTemplates.OwnerSignInLink), EmailTemplates.OwnerSignInLink, OwnerSignInAttemptEntity.Row, attempt.CreatedUtc, outboxGracePeriod);
        await SignIns.SubmitTransactionAsync([new(TableTransactionActionType.Add, row), new(TableTransactionActionType.Add, outbox)], cancellationToken);
        return new OutboxMessage(TableNames.OwnerSignIns, attempt.LinkId, outbox.RowKey);
    }

    public async Task<SignInAttempt?> FindAsync(string linkId, CancellationToken cancellationToken)
    {
        var found = await SignIns.GetEntityIfExistsAsync<OwnerSignInAttemptEntity>(linkId, OwnerSignInAttemptEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? new SignInAttempt(linkId, found.Value!.OwnerEmail, found.Value.CreatedUtc, found.Value.ExpiresUtc) : null;
    }

    public async Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken) =>
        (await SignIns.GetEntityIfExistsAsync<OwnerSignInUseEntity>(linkId, OwnerSignInUseEntity.Row, cancellationToken: cancellationToken)).HasValue;

    public async Task<bool> TryUseAsync(string linkId, DateTimeOffset usedUtc, CancellationToken cancellationToken)
    {
        try
        {
            // Add fails if the row exists: that is what makes a link single-use.
            await SignIns.AddEntityAsync(new OwnerSignInUseEntity { PartitionKey = linkId, UsedUtc = usedUtc }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
