using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace HappyBabyHive.Storage;

/// <summary>What <see cref="StorageRequestMetrics.Snapshot"/> returns: totals since the process started.</summary>
public sealed record StorageRequestCounts(long TableRequests, long QueueSends, long QueueOtherRequests, long PreconditionFailed, long Conflicts);

/// <summary>
/// Counts every storage round trip the app makes (each retry counts again), so the benchmark can report round trips
/// per booking and 412s (lost ETag races). Published on the "HappyBabyHive.Storage" meter for telemetry, and as
/// process totals that the local runner's admin API returns (GET /admin/metrics/storage).
/// </summary>
public static class StorageRequestMetrics
{
    public const string MeterName = "HappyBabyHive.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "happybabyhive.storage.requests", "{request}", "Storage round trips, by service and response status.");

    private static long tableRequests;
    private static long queueSends;
    private static long queueOtherRequests;
    private static long preconditionFailed;
    private static long conflicts;

    public static StorageRequestCounts Snapshot() => new(
        Interlocked.Read(ref tableRequests),
        Interlocked.Read(ref queueSends),
        Interlocked.Read(ref queueOtherRequests),
        Interlocked.Read(ref preconditionFailed),
        Interlocked.Read(ref conflicts));

    /// <summary>
    /// A transaction lost an ETag race. A table transaction answers 202 with the failure inside the batch body, so the
    /// pipeline policy cannot see it; the code that catches the <c>TableTransactionFailedException</c> reports it here.
    /// </summary>
    public static void TransactionConflict()
    {
        Interlocked.Increment(ref preconditionFailed);
        Requests.Add(0, new KeyValuePair<string, object?>("service", "table"), new KeyValuePair<string, object?>("status", 412));
    }

    /// <summary>Added per retry, so a request the SDK retries is counted as the round trips it really made.</summary>
    public static HttpPipelinePolicy Policy(string service) => new CountingPolicy(service);

    private static void Record(string service, HttpMessage message)
    {
        var status = message.HasResponse ? message.Response.Status : 0;
        switch (service)
        {
            case "table":
                Interlocked.Increment(ref tableRequests);
                break;

            // Sending a message is a POST to .../messages; receives, deletes and polling are the listeners' work.
            case "queue" when message.Request.Method == RequestMethod.Post:
                Interlocked.Increment(ref queueSends);
                break;
            default:
                Interlocked.Increment(ref queueOtherRequests);
                break;
        }

        if (status == 412)
        {
            Interlocked.Increment(ref preconditionFailed);
        }
        else if (status == 409)
        {
            Interlocked.Increment(ref conflicts);
        }

        Requests.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("status", status));
    }

    private sealed class CountingPolicy(string service) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                Record(service, message);
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                Record(service, message);
            }
        }
    }
}
