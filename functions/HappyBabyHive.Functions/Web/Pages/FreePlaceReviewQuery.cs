using HappyBabyHive.FreePlaces;
using HappyBabyHive.Settings;

namespace HappyBabyHive.Web.Pages;

/// <summary>
/// What the owner's review page shows for one request: the request, the course the family asked for, and either the
/// courses it could go on with the signposting a decline will add, or the decision already made.
/// </summary>
public sealed class FreePlaceReviewQuery(IFreePlaceStore store, IBusinessSettingsStore settings)
{
    /// <returns>Null when the request no longer exists (its note was purged, or the id is wrong).</returns>
    public async Task<ReviewView?> LoadAsync(string requestId, string token, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(requestId, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var preferred = await store.FindCourseAsync(request.PreferredCourseId, cancellationToken);
        if (request.RequestStatus is FreePlaceStatus.Approved or FreePlaceStatus.Declined)
        {
            var approvedCourse = await store.FindCourseAsync(request.ApprovedCourseId, cancellationToken);
            return new ReviewView(request, token, preferred, [], FreePlaceDecisionService.Summarise(request, approvedCourse?.Title));
        }

        return new ReviewView(request, token, preferred, await store.SuitableCoursesAsync(request, cancellationToken), null)
        {
            DeclineSignposting = (await settings.GetAsync(cancellationToken)).DeclineSignposting,
        };
    }
}
