using Azure.Storage.Queues;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Refunds;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Payments;

/// <summary>The refunds queue: each message is "{courseId} {reference}" as plain text (see <see cref="RefundMessage"/>).</summary>
internal sealed class QueueRefundRequests(QueueServiceClient queues, IOptions<StorageOptions> storage) : IRefundRequests
{
    public async Task RequestAsync(BookingKey booking, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(storage.Value.RefundQueue).SendMessageAsync(RefundMessage.Format(booking), cancellationToken);
}
