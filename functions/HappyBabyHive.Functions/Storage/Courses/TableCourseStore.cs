using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Courses;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Storage.Courses;

public sealed class TableCourseStore(TableServiceClient tables, IOptions<StorageOptions> storage, TimeProvider time) : ICourseStore
{
    private TableClient Bookings => tables.GetTableClient(storage.Value.BookingsTable);
    private TableClient Calendar => tables.GetTableClient(storage.Value.CourseCalendarTable);

    public async Task<Course?> FindAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!CourseIdFormat.IsValid(courseId))
        {
            return null;
        }

        var row = await Bookings.GetEntityIfExistsAsync<CourseEntity>(courseId, RowKeys.Course, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToCourse() : null;
    }

    public async Task<IReadOnlyList<Course>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = CourseCalendarEntity.SortableInstant(now);
        var rows = new List<CourseCalendarEntity>();
        await foreach (var row in Calendar.QueryAsync<CourseCalendarEntity>(
            e => e.PartitionKey == CourseCalendarEntity.Partition && e.RowKey.CompareTo(from) > 0,
            select: [nameof(CourseCalendarEntity.RowKey), nameof(CourseCalendarEntity.CourseId)],
            cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var courses = await Task.WhenAll(rows.Select(r => r.CourseId).Distinct().Select(id => FindAsync(id, cancellationToken)));

        // The index row of a course whose dates were changed is rewritten after the course itself (see
        // CourseManagementService), so for a moment, or for good after a crash, a course can have an old row too.
        // Only the row that matches the course's own first session counts, so it is listed once, in its right place.
        var byId = courses.OfType<Course>().ToDictionary(c => c.Id);
        return rows
            .Where(r => byId.TryGetValue(r.CourseId, out var c) && r.RowKey == CourseCalendarEntity.RowKeyFor(c.FirstSessionStartsUtc, c.Id))
            .Select(r => byId[r.CourseId])
            .Where(c => c.FirstSessionStartsUtc > now)
            .ToList();
    }

    public async Task<IReadOnlyList<Course>> ListAllAsync(CancellationToken cancellationToken)
    {
        // The course rows themselves rather than the index, so a course is listed even if its index row was lost.
        // A scan filtered on the row key: this business runs a few dozen courses a year, so it reads a few thousand rows.
        var courses = new List<Course>();
        await foreach (var row in Bookings.QueryAsync<CourseEntity>(e => e.RowKey == RowKeys.Course, cancellationToken: cancellationToken))
        {
            courses.Add(row.ToCourse());
        }

        return courses.OrderByDescending(c => c.FirstSessionStartsUtc).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> TryAddAsync(Course course, CancellationToken cancellationToken)
    {
        var added = true;
        try
        {
            await Bookings.AddEntityAsync(CourseEntity.FromCourse(course, time.GetUtcNow()), cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists())
        {
            added = false;
            course = (await FindAsync(course.Id, cancellationToken))!;
        }

        // The index row is derived from the course row, so rewriting it is always safe, and it repairs a crash
        // between the two writes the next time the same course is added.
        await IndexAsync(course.Id, course.FirstSessionStartsUtc, cancellationToken);
        return added;
    }

    public Task IndexAsync(string courseId, DateTimeOffset firstSessionStartsUtc, CancellationToken cancellationToken) =>
        Calendar.UpsertEntityAsync(IndexRow(courseId, firstSessionStartsUtc), TableUpdateMode.Replace, cancellationToken);

    public async Task TidyIndexAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await FindAsync(courseId, cancellationToken);
        if (course is null)
        {
            return;
        }

        var keep = CourseCalendarEntity.RowKeyFor(course.FirstSessionStartsUtc, courseId);
        await IndexAsync(courseId, course.FirstSessionStartsUtc, cancellationToken);
        await foreach (var row in Calendar.QueryAsync<CourseCalendarEntity>(
            e => e.PartitionKey == CourseCalendarEntity.Partition && e.CourseId == courseId, cancellationToken: cancellationToken))
        {
            if (row.RowKey != keep)
            {
                await Calendar.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
        }
    }

    private static CourseCalendarEntity IndexRow(string courseId, DateTimeOffset firstSessionStartsUtc) => new()
    {
        RowKey = CourseCalendarEntity.RowKeyFor(firstSessionStartsUtc, courseId),
        CourseId = courseId,
    };
}
