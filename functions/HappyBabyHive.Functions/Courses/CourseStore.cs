using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Courses;

public interface ICourseStore
{
    Task<Course?> FindAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Courses whose first session is still ahead, soonest first.</summary>
    Task<IReadOnlyList<Course>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a course; returns false if a course with that id already exists (nothing is changed).</summary>
    Task<bool> TryAddAsync(Course course, CancellationToken cancellationToken);
}

public sealed class TableCourseStore(TableServiceClient tables, IOptions<StorageOptions> storage, TimeProvider time) : ICourseStore
{
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);
    private TableClient Calendar => tables.GetTableClient(storage.Value.CourseCalendarTable);

    public async Task<Course?> FindAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(courseId))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToCourse() : null;
    }

    public async Task<IReadOnlyList<Course>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = CourseCalendarEntity.SortableInstant(now);
        var ids = new List<string>();
        await foreach (var row in Calendar.QueryAsync<CourseCalendarEntity>(
            e => e.PartitionKey == CourseCalendarEntity.Partition && e.RowKey.CompareTo(from) > 0,
            select: [nameof(CourseCalendarEntity.CourseId)],
            cancellationToken: cancellationToken))
        {
            ids.Add(row.CourseId);
        }

        var courses = await Task.WhenAll(ids.Select(id => FindAsync(id, cancellationToken)));
        return courses.OfType<Course>().Where(c => c.FirstSessionStartsUtc > now).ToList();
    }

    public async Task<bool> TryAddAsync(Course course, CancellationToken cancellationToken)
    {
        var added = true;
        try
        {
            await Bookings.AddEntityAsync(CourseEntity.FromCourse(course, time.GetUtcNow()), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            added = false;
            course = (await FindAsync(course.Id, cancellationToken))!;
        }

        // The index row is derived from the course row, so rewriting it is always safe, and it repairs a crash
        // between the two writes the next time the same course is added.
        await Calendar.UpsertEntityAsync(
            new CourseCalendarEntity
            {
                RowKey = CourseCalendarEntity.RowKeyFor(course.FirstSessionStartsUtc, course.Id),
                CourseId = course.Id,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return added;
    }
}
