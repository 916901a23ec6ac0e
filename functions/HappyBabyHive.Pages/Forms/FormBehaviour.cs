namespace HappyBabyHive.Pages.Forms;

/// <summary>What forms.js needs to know about one form: where it posts, and the words for what can go wrong.</summary>
/// <param name="Kind">Names the form in data-enhance (booking, free-place, tips).</param>
/// <param name="Action">Where the plain form posts (relative to the page).</param>
/// <param name="ApiPath">Where the script posts JSON instead (relative to the page).</param>
/// <param name="OfflineMessage">Shown when the request never reached us.</param>
/// <param name="ReusedKeyMessage">Shown when the form's idempotency key was already used for other details (forms with a key).</param>
/// <param name="CourseGoneMessage">For a 404 from the API: the chosen course no longer exists (forms with a course choice).</param>
public sealed record FormBehaviour(string Kind, string Action, string ApiPath, string OfflineMessage, string? ReusedKeyMessage = null, string? CourseGoneMessage = null)
{
    /// <summary>The form element's data attributes, for <c>@attributes</c> (a null value drops its attribute).</summary>
    public IReadOnlyDictionary<string, object?> DataAttributes => new Dictionary<string, object?>
    {
        ["data-enhance"] = Kind,
        ["data-api"] = ApiPath,
        ["data-offline-message"] = OfflineMessage,
        ["data-reused-message"] = ReusedKeyMessage,
        ["data-course-gone-message"] = CourseGoneMessage,
    };
}
