namespace HappyBabyHive.Telemetry;

/// <summary>
/// Log events that alerts query (infra/app/monitoring; docs/operations.md). Their ids and names are a contract with the
/// alert rules: never change them. In Application Insights they appear as customDimensions.EventId / EventName on traces.
/// </summary>
public static class AlertEvents
{
    /// <summary>An owed email the app has given up on (outbox status Stuck); the message says "needs a person".</summary>
    public const int EmailNeedsAPersonId = 9001;
    public const string EmailNeedsAPerson = "EmailNeedsAPerson";

    /// <summary>A queue message failed on its last delivery; the Functions host now moves it to the -poison queue.</summary>
    public const int QueueMessagePoisonedId = 9002;
    public const string QueueMessagePoisoned = "QueueMessagePoisoned";
}
