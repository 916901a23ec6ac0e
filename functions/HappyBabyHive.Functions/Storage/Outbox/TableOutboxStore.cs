using System.Net;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Storage.Outbox;

/// <summary>
/// Claims outbox rows with their ETag: Pending (or a Sending claim that ran out) becomes Sending until the claim ends,
/// so of two deliveries of the same message only one wins; the loser sees 412 and waits.
/// </summary>
internal sealed class TableOutboxStore(TableServiceClient tables, OutboxTables outboxTables, TimeProvider time) : IOutboxStore
{
    public async Task<ClaimAttempt<IOutboxClaim>> ClaimAsync(OutboxMessage message, TimeSpan claimFor, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(outboxTables.PhysicalName(message.Table));
        var found = await table.GetEntityIfExistsAsync<OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return new ClaimAttempt<IOutboxClaim>.NotOwed();
        }

        var outbox = found.Value!;
        var now = time.GetUtcNow();
        switch (outbox.OutboxStatus)
        {
            case OutboxStatus.Sent or OutboxStatus.Skipped:
                return new ClaimAttempt<IOutboxClaim>.AlreadyDone();
            case OutboxStatus.Sending when outbox.ClaimedUntilUtc > now:
                return new ClaimAttempt<IOutboxClaim>.HeldElsewhere(outbox.ClaimedUntilUtc.Value - now);
        }

        // A claim that ran out while Sending (the delivery died, perhaps after the provider accepted the email) or a
        // failed attempt (perhaps a timeout after acceptance) means the provider may already have this email.
        var mayAlreadyBeSent = outbox.OutboxStatus == OutboxStatus.Sending || outbox.FailedAttempts > 0;
        outbox.Status = nameof(OutboxStatus.Sending);
        outbox.ClaimedUntilUtc = now + claimFor;
        try
        {
            var response = await table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, cancellationToken);
            outbox.ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            // Another delivery of the same message claimed it first.
            return new ClaimAttempt<IOutboxClaim>.HeldElsewhere(claimFor);
        }

        var email = new OwedEmail(message, outbox.Template, outbox.SubjectRowKey);
        return new ClaimAttempt<IOutboxClaim>.Claimed(new Claim(table, outbox, email, mayAlreadyBeSent));
    }

    private sealed class Claim(TableClient table, OutboxEntity outbox, OwedEmail email, bool mayAlreadyBeSent) : IOutboxClaim
    {
        public OwedEmail Email => email;

        public bool MayAlreadyBeSent => mayAlreadyBeSent;

        public DateTimeOffset HeldUntil { get; } = outbox.ClaimedUntilUtc!.Value;

        public Task ReleaseAsync(bool failed)
        {
            outbox.Status = nameof(OutboxStatus.Pending);
            outbox.ClaimedUntilUtc = null;
            outbox.FailedAttempts += failed ? 1 : 0;
            return table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }

        public async Task<bool> MarkSentAsync(DateTimeOffset sentUtc)
        {
            outbox.Status = nameof(OutboxStatus.Sent);
            outbox.SentUtc = sentUtc;
            outbox.ClaimedUntilUtc = null;
            try
            {
                await table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, CancellationToken.None);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        public Task MarkNothingToSendAsync()
        {
            outbox.Status = nameof(OutboxStatus.Skipped);
            outbox.ClaimedUntilUtc = null;
            return table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
    }
}
