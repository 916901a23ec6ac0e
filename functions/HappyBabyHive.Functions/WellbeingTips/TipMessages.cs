using System.Text.Json;

namespace HappyBabyHive.WellbeingTips;

/// <summary>Queue message: publish (if not yet) and fan out the tip of this ISO week.</summary>
public sealed record TipFanOutMessage(string Week);

/// <summary>Queue message: send this week's tip to this subscriber. Only a week id and a hash: no personal data.</summary>
public sealed record TipEmailMessage(string Week, string Subscriber);

/// <summary>The two tips queues: the fan-out, and one message per subscriber's weekly email.</summary>
public interface ITipQueues
{
    /// <summary>A delay of 7 days or more is shortened to just under 7 days, the most a queue allows.</summary>
    Task SendFanOutAsync(TipFanOutMessage message, TimeSpan? delay, CancellationToken cancellationToken);

    /// <summary>A delay of 7 days or more is shortened to just under 7 days, the most a queue allows.</summary>
    Task SendEmailAsync(TipEmailMessage message, TimeSpan? delay, CancellationToken cancellationToken);
}

/// <summary>The tips queues' wire format: small camelCase JSON (base64 on the queue, as the trigger expects).</summary>
public static class TipMessages
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T Read<T>(BinaryData body) =>
        JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException("The queue message is empty.");
}
