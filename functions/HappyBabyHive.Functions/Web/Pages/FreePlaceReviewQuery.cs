using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Settings;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// What the owner's review page shows for one request: the request, the course the family asked for, and either the
/// courses it could go on with the signposting a decline will add, or the decision already made.
/// </summary>
public sealed class FreePlaceReviewQuery(IFreePlaceRequestStore requests, ICourseStore courses, IBusinessSettingsStore settings, TimeProvider time)
{
    /// <returns>Null when the request no longer exists (its note was purged, or the id is wrong).</returns>
    public async Task<ReviewView?> LoadAsync(string requestId, string token, CancellationToken cancellationToken)
    {
        var request = await requests.FindAsync(requestId, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var preferred = await FindCourseAsync(request.PreferredCourseId, cancellationToken);
        if (request.Status is FreePlaceStatus.Approved or FreePlaceStatus.Declined)
        {
            var approvedCourse = await FindCourseAsync(request.ApprovedCourseId, cancellationToken);
            return new ReviewView(request, token, preferred, [], FreePlaceDecisionService.Summarise(request, approvedCourse?.Title));
        }

        return new ReviewView(request, token, preferred, await SuitableCoursesAsync(request, cancellationToken), null)
        {
            DeclineSignposting = (await settings.GetAsync(cancellationToken)).DeclineSignposting,
        };
    }

    /// <summary>Upcoming courses still taking bookings that the baby is the right age for at the first session.</summary>
    private async Task<IReadOnlyList<Course>> SuitableCoursesAsync(FreePlaceRequestRecord request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upcoming = await courses.ListUpcomingAsync(now, cancellationToken);
        return upcoming.Where(c => CourseAdmission.Admits(c, request.BabyDateOfBirth, now)).ToList();
    }

    private Task<Course?> FindCourseAsync(string? courseId, CancellationToken cancellationToken) =>
        courseId is null ? Task.FromResult<Course?>(null) : courses.FindAsync(courseId, cancellationToken);
}
