using System.Text.Json;

namespace HappyBabyHive.Outbox;

/// <summary>
/// The queue message for an owed email. It only points at the outbox row (logical table name, partition, row),
/// so no personal data ever sits in a queue, and the row is the single source of truth for whether it was sent.
/// </summary>
public sealed record OutboxMessage(string Table, string PartitionKey, string RowKey)
{
    /// <summary>The wire format of every outbox queue message (camelCase JSON; base64 on the queue).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string ToString() => $"{Table}/{PartitionKey}/{RowKey}";

    /// <summary>
    /// Reads a queue message body. Anything that is not a complete pointer is refused with an exception that quotes
    /// none of the body (a stray message could hold anything, and the host logs a failed invocation's exception);
    /// the queue retries it and then moves it to the poison queue, where the sweep leaves it for a person.
    /// </summary>
    public static OutboxMessage Read(BinaryData body)
    {
        OutboxMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<OutboxMessage>(body, Json);
        }
        catch (JsonException)
        {
            throw new InvalidOutboxMessageException("is not JSON");
        }

        return message is { Table.Length: > 0, PartitionKey.Length: > 0, RowKey.Length: > 0 }
            ? message
            : throw new InvalidOutboxMessageException("does not name a table, partition and row");
    }
}

/// <summary>A queue message on the emails queue that is not an outbox pointer.</summary>
public sealed class InvalidOutboxMessageException(string problem)
    : Exception($"The emails queue message {problem}, so it cannot be an outbox pointer.");
