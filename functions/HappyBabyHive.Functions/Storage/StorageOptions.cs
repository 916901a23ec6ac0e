using HappyBabyHive.Courses.Emails;
namespace HappyBabyHive.Storage;

/// <summary>Names of the tables and queues the app uses. The prefix exists so tests can share one emulator.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Prepended to every table and queue name; empty in production. Lower-case letters and digits only, because the
    /// queue triggers bind <c>%Storage:NamePrefix%emails</c> and so on (<see cref="QueueNames.EmailsTrigger"/>): the host
    /// resolves that setting itself, so it must already be a valid queue name prefix. The setting must exist wherever
    /// the host runs (empty in production), or the host cannot index the queue functions.
    /// </summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^[a-z0-9]*$", ErrorMessage = "Storage:NamePrefix may hold only lower-case letters and digits.")]
    public string NamePrefix { get; set; } = string.Empty;

    // Azure.Core's defaults (3 retries from 0.8 s, 100 s network timeout) make a request wait about 6 s against a
    // refused connection, and minutes against a hung one, before the family sees anything. Storage answers in
    // milliseconds when it is up, so a short bound costs nothing and turns an outage into a prompt 503.

    /// <summary>Retries after the first try of one storage call (Azure.Core exponential back-off with jitter).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first back-off delay; each later one doubles, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may wait for storage to answer before it counts as failed.</summary>
    /// <remarks>
    /// Not shorter: a write that storage committed but answered late is retried by Azure.Core, and a retried queue
    /// send is a duplicate message. The app tolerates those (sending is idempotent), but at 3 s a busy Azurite on a
    /// 2-core machine already produced some during a 1,000-subscriber fan-out.
    /// </remarks>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string BookingsTable => NamePrefix + TableNames.Bookings;
    public string CourseCalendarTable => NamePrefix + TableNames.CourseCalendar;
    public string FreePlaceRequestsTable => NamePrefix + TableNames.FreePlaceRequests;
    public string SettingsTable => NamePrefix + TableNames.Settings;
    public string OwnerSignInsTable => NamePrefix + TableNames.OwnerSignIns;
    public string LimitsTable => NamePrefix + TableNames.Limits;
    public string OwnerSessionsTable => NamePrefix + TableNames.OwnerSessions;
    public string EmailQueue => NamePrefix + QueueNames.Emails;
    public string OwnerEmailQueue => NamePrefix + QueueNames.OwnerEmails;
    public string TipSubscribersTable => NamePrefix + TableNames.TipSubscribers;
    public string TipPublicationsTable => NamePrefix + TableNames.TipPublications;
    public string TipFanOutQueue => NamePrefix + QueueNames.TipFanOut;
    public string TipEmailQueue => NamePrefix + QueueNames.TipEmails;
    public string PaymentsTable => NamePrefix + TableNames.Payments;
    public string StripeEventQueue => NamePrefix + QueueNames.StripeEvents;
    public string RefundQueue => NamePrefix + QueueNames.Refunds;

    public IEnumerable<string> AllTables => [.. BackedUpTables, LimitsTable];

    /// <summary>Every table but <see cref="TableNames.Limits"/>, whose counters and one-use marks are worthless a day later.</summary>
    public IEnumerable<string> BackedUpTables => [BookingsTable, CourseCalendarTable, FreePlaceRequestsTable, TipSubscribersTable, TipPublicationsTable, SettingsTable, OwnerSignInsTable, OwnerSessionsTable, PaymentsTable];
    public IEnumerable<string> AllQueues =>
    [
        EmailQueue, EmailQueue + QueueNames.PoisonSuffix,
        OwnerEmailQueue, OwnerEmailQueue + QueueNames.PoisonSuffix,
        TipFanOutQueue, TipFanOutQueue + QueueNames.PoisonSuffix,
        TipEmailQueue, TipEmailQueue + QueueNames.PoisonSuffix,
        StripeEventQueue, StripeEventQueue + QueueNames.PoisonSuffix,
        RefundQueue, RefundQueue + QueueNames.PoisonSuffix,
    ];
}

public static class TableNames
{
    /// <summary>One partition per course: the course itself, its bookings and the emails they owe.</summary>
    public const string Bookings = "Bookings";

    /// <summary>An index of courses by first session, so listing upcoming courses is a single range query.</summary>
    public const string CourseCalendar = "CourseCalendar";

    /// <summary>One partition per free-place request: the request, its decision and the emails it owes.</summary>
    public const string FreePlaceRequests = "FreePlaceRequests";

    /// <summary>Wellbeing-tip subscribers: one partition per subscriber (a hash of the email), with their consent history and owed emails.</summary>
    public const string TipSubscribers = "TipSubscribers";

    /// <summary>One row per published week (newest first), and per-week "sent" markers that make each tip email go once.</summary>
    public const string TipPublications = "TipPublications";

    /// <summary>The settings the owner changes herself in the console (signposting text, donation percentage): one row.</summary>
    public const string Settings = "Settings";

    /// <summary>Used owner sign-in links (so each works once) and sign-in attempts; one partition per link id.</summary>
    public const string OwnerSignIns = "OwnerSignIns";

    /// <summary>Stripe events received (one row per event id, stored once) and whether each has been applied.</summary>
    public const string Payments = "Payments";
    /// <summary>Shared rate-limit counters (partition = rule and keyed hash, row = window) and used form tokens; no personal data.</summary>
    public const string Limits = "Limits";
    /// <summary>
    /// The console's server-side sessions (one partition per owner fingerprint, one row per device) and the used
    /// free-place review links (partition "review-links", one row per request), so each emailed review link opens once.
    /// </summary>
    public const string OwnerSessions = "OwnerSessions";
}

public static class QueueNames
{
    /// <summary>Emails owed by the outbox; the message names an outbox record and carries no personal data.</summary>
    public const string Emails = "emails";

    /// <summary>
    /// The owner's sign-in emails (same message shape as <see cref="Emails"/>): a queue and function of their own, so
    /// a sign-in link never waits behind a burst of booking confirmations.
    /// </summary>
    public const string OwnerEmails = "owner-emails";

    /// <summary>"Publish and fan out week W"; the message is only the week id.</summary>
    public const string TipFanOut = "tip-fanout";

    /// <summary>One message per subscriber per week: the week id and the subscriber key (a hash, no personal data).</summary>
    public const string TipEmails = "tip-emails";

    /// <summary>"Apply stored Stripe event E"; the message is only the event id.</summary>
    public const string StripeEvents = "stripe-events";

    /// <summary>"Send booking B's refund"; the message is the course id and booking reference, no personal data.</summary>
    public const string Refunds = "refunds";

    public const string PoisonSuffix = "-poison";

    /// <summary>The app setting that prefixes every queue name, for the producers and the triggers alike.</summary>
    public const string PrefixSetting = StorageOptions.SectionName + ":" + nameof(StorageOptions.NamePrefix);

    // Binding expressions: the host (and the local runner) resolve %Storage:NamePrefix% from app settings, so a trigger
    // reads the same queue that StorageOptions names for the code that sends to it.
    public const string EmailsTrigger = "%" + PrefixSetting + "%" + Emails;
    public const string OwnerEmailsTrigger = "%" + PrefixSetting + "%" + OwnerEmails;
    public const string TipFanOutTrigger = "%" + PrefixSetting + "%" + TipFanOut;
    public const string TipEmailsTrigger = "%" + PrefixSetting + "%" + TipEmails;
    public const string StripeEventsTrigger = "%" + PrefixSetting + "%" + StripeEvents;
    public const string RefundsTrigger = "%" + PrefixSetting + "%" + Refunds;
}
