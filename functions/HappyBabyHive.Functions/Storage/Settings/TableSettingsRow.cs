using Azure.Data.Tables;
using HappyBabyHive.Settings;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Settings;

/// <summary>The owner's settings row in the Settings table.</summary>
internal sealed class TableSettingsRow(TableServiceClient tables, IOptions<StorageOptions> storage) : ISettingsRow
{
    private TableClient Table => tables.GetTableClient(storage.Value.SettingsTable);

    public async Task<StoredSettings?> ReadAsync(CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<SettingsEntity>(SettingsEntity.Partition, SettingsEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue
            ? new StoredSettings(row.Value!.DeclineSignposting, row.Value.DonationPercent, row.Value.UpdatedUtc)
            {
                WaitlistFill = row.Value.WaitlistFill,
                ReleaseFreePlacesDaysBefore = row.Value.ReleaseFreePlacesDaysBefore,
                RefundDaysBefore = row.Value.RefundDaysBefore,
                PaymentDetails = new PaymentDetails(
                    row.Value.PaymentAccountName, row.Value.PaymentBankName, row.Value.PaymentSortCode,
                    row.Value.PaymentAccountNumber, row.Value.PaymentReferenceToQuote, row.Value.PaymentInstructions),
            }
            : null;
    }

    // A replace, not ETag-guarded: see BusinessSettingsStore for why last-write-wins is right here.
    public Task WriteAsync(StoredSettings settings, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new SettingsEntity
            {
                DeclineSignposting = settings.DeclineSignposting,
                DonationPercent = settings.DonationPercent,
                UpdatedUtc = settings.UpdatedUtc,
                WaitlistFill = settings.WaitlistFill,
                ReleaseFreePlacesDaysBefore = settings.ReleaseFreePlacesDaysBefore,
                RefundDaysBefore = settings.RefundDaysBefore,
                PaymentAccountName = settings.PaymentDetails.AccountName,
                PaymentBankName = settings.PaymentDetails.BankName,
                PaymentSortCode = settings.PaymentDetails.SortCode,
                PaymentAccountNumber = settings.PaymentDetails.AccountNumber,
                PaymentReferenceToQuote = settings.PaymentDetails.ReferenceToQuote,
                PaymentInstructions = settings.PaymentDetails.Instructions,
            },
            TableUpdateMode.Replace,
            cancellationToken);
}
