using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Links;
using HappyBabyHive.Validation;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Privacy;

public abstract record PersonalDataOutcome
{
    public sealed record Exported(string Email, DateTimeOffset ExportedUtc, PersonalDataExport Data) : PersonalDataOutcome;

    public sealed record Erased(ErasureAudit Audit) : PersonalDataOutcome;

    public sealed record InvalidAddress(string Message) : PersonalDataOutcome;
}

/// <summary>
/// A person's rights over what is held about them (UK GDPR articles 15 and 17): a copy of everything held for an
/// address, and erasure. Erasure anonymises bookings rather than deleting them, so place counts, the register's
/// numbers and donation totals stay right, and deletes everything else. Audited with a keyed hash of the address.
/// </summary>
public sealed partial class PersonalDataService(
    IPersonalDataStore store,
    PersonalDataHasher hasher,
    TimeProvider time,
    ILogger<PersonalDataService> logger)
{
    public const string AuditHashPurpose = "erasure-audit";

    public async Task<PersonalDataOutcome> ExportAsync(string? email, CancellationToken cancellationToken)
    {
        if (Subject(email) is not { } subject)
        {
            return Invalid();
        }

        var data = await store.ExportAsync(subject, cancellationToken);
        return new PersonalDataOutcome.Exported(subject.NormalisedEmail, time.GetUtcNow(), data);
    }

    public async Task<PersonalDataOutcome> EraseAsync(string? email, string requestedVia, CancellationToken cancellationToken)
    {
        if (Subject(email) is not { } subject)
        {
            return Invalid();
        }

        var now = time.GetUtcNow();
        var counts = await store.EraseAsync(subject, now, cancellationToken);
        var audit = new ErasureAudit(now, AuditHash(subject.NormalisedEmail), counts, requestedVia);
        await store.RecordErasureAsync(audit, cancellationToken);
        LogErased(logger, audit.AddressHash[..16], counts.Total, requestedVia);
        return new PersonalDataOutcome.Erased(audit);
    }

    /// <summary>The audit's hash of an address: the owner can check "was this address erased?" without the audit holding it.</summary>
    public string AuditHash(string email) => hasher.Hash(AuditHashPurpose, PersonalDataHasher.NormaliseEmail(email));

    private PersonalDataSubject? Subject(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Trim().Length > FieldRules.MaxEmailLength || !FieldRules.IsPlainEmailAddress(email.Trim()))
        {
            return null;
        }

        var normalised = PersonalDataHasher.NormaliseEmail(email);
        return new PersonalDataSubject(
            normalised,
            [SubscriberKeys.For(hasher, normalised), SubscriberKeys.LegacyFor(normalised), SubscriberKeys.ForwardFrom(hasher, SubscriberKeys.LegacyFor(normalised))],
            baby => BookingPointerKey.Family(hasher, normalised, baby));
    }

    private static PersonalDataOutcome.InvalidAddress Invalid() => new("Give the email address to look for, as the person wrote it (name@example.com).");

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased personal data for address {AddressHashPrefix}: {Rows} rows, via {Via}")]
    private static partial void LogErased(ILogger logger, string addressHashPrefix, int rows, string via);
}
