namespace HappyBabyHive.Privacy;

/// <summary>
/// One stored row, as held: which table and row, and every property it has (so an export is everything held, and a
/// new field on a row appears in exports without anyone remembering to add it here).
/// </summary>
public sealed record HeldRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, object?> Properties);

/// <summary>Everything held for one address, grouped as the privacy notice describes it.</summary>
public sealed record PersonalDataExport(
    IReadOnlyList<HeldRow> Bookings,
    IReadOnlyList<HeldRow> FreePlaceRequests,
    IReadOnlyList<HeldRow> TipsSubscriptions,
    IReadOnlyList<HeldRow> TipsSentMarkers,
    IReadOnlyList<HeldRow> SignInRows,
    IReadOnlyList<HeldRow> OwedEmails)
{
    public bool IsEmpty =>
        Bookings.Count + FreePlaceRequests.Count + TipsSubscriptions.Count + TipsSentMarkers.Count + SignInRows.Count + OwedEmails.Count == 0;
}

/// <summary>What one erasure changed, by kind. Goes into the audit row; holds no personal data.</summary>
public sealed record ErasureCounts(
    int BookingsAnonymised,
    int BookingPointersDeleted,
    int FreePlaceRequestsDeleted,
    int TipsSubscriptionsDeleted,
    int TipsSentMarkersDeleted,
    int SignInRowsDeleted,
    int OwedEmailsDeleted)
{
    public int Total => BookingsAnonymised + BookingPointersDeleted + FreePlaceRequestsDeleted + TipsSubscriptionsDeleted +
        TipsSentMarkersDeleted + SignInRowsDeleted + OwedEmailsDeleted;
}

/// <summary>
/// The keys an address can appear under, worked out once by <see cref="PersonalDataService"/>: the address itself
/// (normalised), its tips subscriber keys (keyed, and the plain SHA-256 of rows written before issue 17), and the
/// family pointer for each baby name found on its bookings.
/// </summary>
public sealed record PersonalDataSubject(
    string NormalisedEmail,
    IReadOnlyList<string> SubscriberKeys,
    Func<string, HappyBabyHive.Courses.Partition.BookingPointerKey> FamilyPointer);

/// <summary>The audit trail of an erasure: when, how much, and a keyed hash of the address (never the address).</summary>
public sealed record ErasureAudit(DateTimeOffset ErasedUtc, string AddressHash, ErasureCounts Counts, string RequestedVia);

/// <summary>The rows of everything held about people: the only code that finds them across tables.</summary>
public interface IPersonalDataStore
{
    Task<PersonalDataExport> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken);

    /// <summary>Anonymises bookings and deletes the rest; repeatable (a second run finds nothing and changes nothing).</summary>
    Task<ErasureCounts> EraseAsync(PersonalDataSubject subject, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordErasureAsync(ErasureAudit audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<ErasureAudit>> ListErasuresAsync(CancellationToken cancellationToken);
}

/// <summary>Where an erasure was asked for, as the audit records it.</summary>
public static class ErasureVia
{
    public const string AdminApi = "admin-api";
    public const string Console = "console";
    public const string Retention = "retention";
}

/// <summary>What one run of the re-key job moved.</summary>
public sealed record LegacyKeyMigrationCounts(int FamilyPointers, int Subscribers, int TipSentMarkers);

/// <summary>
/// The one-off job that moves rows keyed on a plain SHA-256 of an address to the keyed hash (issue 17). Run it after
/// deploying (POST /api/manage/personal-data/rekey) until it reports zeros; running it again is harmless.
/// </summary>
public interface ILegacyKeyMigration
{
    Task<LegacyKeyMigrationCounts> RunAsync(CancellationToken cancellationToken);
}
