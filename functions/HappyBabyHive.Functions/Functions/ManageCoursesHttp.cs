using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's course management in the admin API (function keys: send x-functions-key). The console's pages call the
/// same <see cref="ICourseManagementService"/>, so both follow the same rules.
/// </summary>
public sealed class ManageCoursesHttp(ICourseManagementService courses, ICourseStore store)
{
    public const string RoutePrefix = "manage/courses";

    [Function(nameof(ListManagedCourses))]
    public async Task<IActionResult> ListManagedCourses(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RoutePrefix)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult((await courses.ListAsync(cancellationToken)).Select(ManagedCourseResponse.From));

    [Function(nameof(CreateCourse))]
    public async Task<IActionResult> CreateCourse(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RoutePrefix)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (details, problem) = await JsonBody.ReadAsync<CourseDetails>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // A script retrying after a timeout sends the same Idempotency-Key and gets the same course, not a second one.
        var key = request.Headers[PublicBookingsHttp.IdempotencyKeyHeader].ToString();
        return Map(await courses.CreateAsync(key.Length > 0 ? details! with { RequestKey = key } : details!, cancellationToken));
    }

    [Function(nameof(GetManagedCourse))]
    public async Task<IActionResult> GetManagedCourse(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RoutePrefix + "/{courseId}")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var course = await store.FindAsync(courseId, cancellationToken);
        return course is null ? Problems.NotFound("course") : new OkObjectResult(ManagedCourseResponse.From(course));
    }

    [Function(nameof(UpdateCourse))]
    public async Task<IActionResult> UpdateCourse(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = RoutePrefix + "/{courseId}")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        var (details, problem) = await JsonBody.ReadAsync<CourseDetails>(request, cancellationToken);
        return problem ?? Map(await courses.UpdateAsync(courseId, details!, cancellationToken));
    }

    [Function(nameof(DuplicateCourse))]
    public async Task<IActionResult> DuplicateCourse(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RoutePrefix + "/{courseId}/duplicate")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        Map(await courses.DuplicateToNextMonthAsync(courseId, cancellationToken));

    [Function(nameof(CancelCourse))]
    public async Task<IActionResult> CancelCourse(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RoutePrefix + "/{courseId}/cancel")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        CancelCourseBody body = new(null);
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (read, problem) = await JsonBody.ReadAsync<CancelCourseBody>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        return Map(await courses.CancelAsync(courseId, body.Message, cancellationToken));
    }

    internal static IActionResult Map(CourseChangeOutcome outcome) => outcome switch
    {
        CourseChangeOutcome.Created created => new CreatedResult($"/api/{RoutePrefix}/{created.Course.Id}", ManagedCourseResponse.From(created.Course)),
        CourseChangeOutcome.Updated updated => new OkObjectResult(new CourseUpdatedResponse(ManagedCourseResponse.From(updated.Course), updated.PromotedFromWaitlist, updated.OfferedToWaitlist)),
        CourseChangeOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
        CourseChangeOutcome.NotFound => Problems.NotFound("course"),
        CourseChangeOutcome.Conflict conflict => Problems.Conflict("course-change-refused", "That change can't be made to this course.", conflict.Detail),
        CourseChangeOutcome.Busy => CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled course change outcome {outcome.GetType().Name}."),
    };

    internal static IActionResult Map(CourseCancelOutcome outcome) => outcome switch
    {
        CourseCancelOutcome.Cancelled cancelled => new OkObjectResult(new CourseCancelledResponse(ManagedCourseResponse.From(cancelled.Course), cancelled.FamiliesEmailed)),
        CourseCancelOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
        CourseCancelOutcome.NotFound => Problems.NotFound("course"),
        CourseCancelOutcome.Conflict conflict => Problems.Conflict("course-not-cancellable", "This course can't be cancelled.", conflict.Detail),
        CourseCancelOutcome.Busy => CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled course cancel outcome {outcome.GetType().Name}."),
    };

    private static ObjectResult CourseBusy() => Problems.Busy("This course is very busy right now.", TryAgain.CourseBusy);
}
