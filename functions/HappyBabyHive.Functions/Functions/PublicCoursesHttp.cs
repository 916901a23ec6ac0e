using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Payments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>The course list and course details the website's booking form reads.</summary>
public sealed class PublicCoursesHttp(ICourseStore courses, Cors cors, TimeProvider time, IOptions<PaymentOptions> payments)
{
    [Function(nameof(ListCourses))]
    public async Task<IActionResult> ListCourses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "courses")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (cors.HandlePreflight(request) is { } preflight)
        {
            return preflight;
        }

        var now = time.GetUtcNow();
        var upcoming = await courses.ListUpcomingAsync(now, cancellationToken);
        return new OkObjectResult(upcoming.Select(c => CourseSummaryResponse.From(c, now, payments.Value.Enabled)));
    }

    [Function(nameof(GetCourse))]
    public async Task<IActionResult> GetCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "courses/{courseId}")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        if (cors.HandlePreflight(request) is { } preflight)
        {
            return preflight;
        }

        var course = await courses.FindAsync(courseId, cancellationToken);
        return course is null
            ? Problems.NotFound("course")
            : new OkObjectResult(CourseDetailResponse.From(course, time.GetUtcNow(), payments.Value.Enabled));
    }
}
