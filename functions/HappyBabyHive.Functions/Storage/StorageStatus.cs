using Azure;

namespace HappyBabyHive.Storage;

/// <summary>
/// The HTTP statuses Table Storage answers with that the app acts on, named, so a catch filter says what it means
/// instead of a bare number.
/// </summary>
public static class StorageStatus
{
    /// <summary>The request itself was refused, e.g. a key holding characters Table Storage does not allow.</summary>
    public const int BadRequest = 400;

    /// <summary>The entity (or table) does not exist.</summary>
    public const int NotFound = 404;

    /// <summary>An insert met an entity that already exists (ErrorCode EntityAlreadyExists).</summary>
    public const int AlreadyExists = 409;

    /// <summary>The ETag given in If-Match is stale: someone else wrote the row since we read it (UpdateConditionNotSatisfied).</summary>
    public const int PreconditionFailed = 412;

    public static bool IsNotFound(this RequestFailedException e) => e.Status == NotFound;

    public static bool IsAlreadyExists(this RequestFailedException e) => e.Status == AlreadyExists;

    /// <summary>Lost an optimistic-concurrency race: re-read and try again.</summary>
    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == PreconditionFailed;
}
