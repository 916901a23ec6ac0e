using HappyBabyHive.Concurrency;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Courses.Partition;

public static class CoursePartitionStoreExtensions
{
    /// <summary>
    /// Commits a change made inside the app's retry policy: a lost race (someone changed the course since it was read)
    /// becomes <see cref="ConcurrencyConflictException"/>, which the policy answers by reading again and deciding again.
    /// Any other refusal propagates for the caller to name.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> CommitOrRetryAsync(this ICoursePartitionStore partitions, CourseChangeSet changes, CancellationToken cancellationToken)
    {
        try
        {
            return await partitions.CommitAsync(changes, cancellationToken);
        }
        catch (CourseChangeRejectedException e) when (e.LostRace)
        {
            throw new ConcurrencyConflictException(e);
        }
    }
}
