using Azure.Data.Tables;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.FreePlaces;

public interface IFreePlaceStore
{
    Task<FreePlaceRequestEntity?> FindAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Requests with the given status (all when null), newest first.</summary>
    Task<IReadOnlyList<FreePlaceRequestEntity>> ListAsync(FreePlaceStatus? status, CancellationToken cancellationToken);

    /// <summary>Upcoming courses still taking bookings that the baby is the right age for at the first session.</summary>
    Task<IReadOnlyList<Course>> SuitableCoursesAsync(FreePlaceRequestEntity request, CancellationToken cancellationToken);

    Task<Course?> FindCourseAsync(string? courseId, CancellationToken cancellationToken);
}

public sealed class TableFreePlaceStore(TableServiceClient tables, ICourseStore courses, IOptions<StorageOptions> storage, TimeProvider time) : IFreePlaceStore
{
    private TableClient Requests => tables.GetTableClient(storage.Value.FreePlaceRequestsTable);

    public async Task<FreePlaceRequestEntity?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        if (!FreePlaceKeys.IsRequestId(requestId))
        {
            return null;
        }

        var row = await Requests.GetEntityIfExistsAsync<FreePlaceRequestEntity>(requestId, FreePlaceKeys.RequestRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public async Task<IReadOnlyList<FreePlaceRequestEntity>> ListAsync(FreePlaceStatus? status, CancellationToken cancellationToken)
    {
        // A scan over request rows: this business receives tens of requests a year, so one query is a few milliseconds.
        var statusName = status?.ToString();
        var filter = statusName is null
            ? TableClient.CreateQueryFilter<FreePlaceRequestEntity>(e => e.RowKey == FreePlaceKeys.RequestRow)
            : TableClient.CreateQueryFilter<FreePlaceRequestEntity>(e => e.RowKey == FreePlaceKeys.RequestRow && e.Status == statusName);
        var list = new List<FreePlaceRequestEntity>();
        await foreach (var row in Requests.QueryAsync<FreePlaceRequestEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(row);
        }

        return list.OrderByDescending(r => r.CreatedUtc).ToList();
    }

    public async Task<IReadOnlyList<Course>> SuitableCoursesAsync(FreePlaceRequestEntity request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upcoming = await courses.ListUpcomingAsync(now, cancellationToken);
        return upcoming
            .Where(c => CourseAdmission.Admits(c, request.BabyDateOfBirthDate, now))
            .ToList();
    }

    public Task<Course?> FindCourseAsync(string? courseId, CancellationToken cancellationToken) =>
        courseId is null ? Task.FromResult<Course?>(null) : courses.FindAsync(courseId, cancellationToken);
}
