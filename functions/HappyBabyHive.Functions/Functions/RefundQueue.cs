using Azure.Storage.Queues.Models;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Payments.Refunds;
using HappyBabyHive.Storage;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Sends a decided refund to Stripe, one queue message (course id and booking reference) each.</summary>
public sealed class RefundQueue(Refunder refunder, PoisonWatch poison)
{
    [Function(nameof(IssueRefund))]
    public Task IssueRefund(
        [QueueTrigger(QueueNames.RefundsTrigger, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poison.RunAsync(message, QueueNames.Refunds, () => IssueAsync(message, cancellationToken));

    // Anything but "sent" is left to the sweep (Stripe down, payment not yet recorded): no queue retry storm.
    private async Task IssueAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (RefundMessage.TryParse(message.Body.ToString(), out var booking))
        {
            await refunder.RefundAsync(booking, cancellationToken);
        }
    }
}
