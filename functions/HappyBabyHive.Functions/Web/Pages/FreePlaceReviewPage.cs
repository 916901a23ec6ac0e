using System.Globalization;
using System.Text;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;
using HappyBabyHive.Time;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Pages;

/// <summary>What the review page shows: the request, and either the forms to decide or the decision already made.</summary>
public sealed record ReviewView(
    FreePlaceRequestRecord Request,
    string Token,
    Course? PreferredCourse,
    IReadOnlyList<Course> SuitableCourses,
    DecisionSummary? Decision)
{
    /// <summary>The signposting the decline email will add: the owner's saved text (see IBusinessSettingsStore); null means the configured default.</summary>
    public string? DeclineSignposting { get; init; }
}

/// <summary>
/// The owner's review page, built on the shared <see cref="HtmlPage"/> layout (strict CSP, no script). Every value
/// from a family, a course or the owner is encoded with <see cref="HtmlPage.H"/>. Mobile-first: one column, large
/// tap targets, real labels, a fieldset and legend for the course choice.
/// </summary>
public sealed class FreePlaceReviewPage(HtmlPage page, IOptions<FreePlaceOptions> options, TimeProvider time)
{
    public ContentResult Review(HttpResponse response, ReviewView view, string? problem = null, int statusCode = StatusCodes.Status200OK, bool suggestGeneralPlace = false)
    {
        var body = new StringBuilder();
        if (problem is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"card status\" role=\"alert\"><p class=\"error\">{H(problem)}</p></div>");
        }

        if (view.Decision is { } decision)
        {
            body.Append(DecisionCard(decision, already: true));
        }

        body.Append(Details(view.Request, view.PreferredCourse));
        body.Append(Note(view.Request));
        if (view.Decision is null)
        {
            body.Append(ApproveForm(view, suggestGeneralPlace));
            body.Append(DeclineForm(view.Token, view.DeclineSignposting ?? options.Value.DeclineSignposting));
        }

        return page.Render(response, "Free place request", body.ToString(), statusCode);
    }

    /// <summary>The page after a decision was just made with the buttons.</summary>
    public ContentResult Decided(HttpResponse response, DecisionSummary decision, FreePlaceRequestRecord request)
    {
        var title = decision.Status == FreePlaceStatus.Approved ? "Place approved" : "Request declined";
        var next = decision.Status == FreePlaceStatus.Approved
            ? $"We've emailed {request.ParentName} their booking confirmation with all the dates and a calendar file. It says the place is free."
            : $"We've emailed {request.ParentName} a gentle reply, with your message if you wrote one and where to find support.";
        return page.Render(response, title, DecisionCard(decision, already: false) + $"<p>{H(next)}</p>");
    }

    /// <summary>A POST for a request that was already decided (a second click, or a second device).</summary>
    public ContentResult AlreadyDecided(HttpResponse response, DecisionSummary decision) =>
        page.Render(
            response,
            decision.Status == FreePlaceStatus.Approved ? "Already approved" : "Already declined",
            DecisionCard(decision, already: true) + "<p>Nothing has been changed. A request is decided once, so this is the decision that stands.</p>",
            StatusCodes.Status409Conflict);

    public ContentResult BadLink(HttpResponse response, LinkCheck check) => check == LinkCheck.Expired
        ? page.Render(
            response,
            "This link has expired",
            $"<p>For the family's privacy, review links only work for {(int)Math.Round(options.Value.ReviewLinkLifetime.TotalDays)} days. Nothing has been changed.</p>" +
            ConsoleWayIn,
            StatusCodes.Status410Gone)
        : page.Render(
            response,
            "This link doesn't work",
            "<p>The link may have been cut short or changed, perhaps by an email program wrapping a long line, or it may be an old link from before the links were renewed. Nothing has been changed.</p>" +
            "<p>Please open the link again from the original email, making sure you copy all of it.</p>" + ConsoleWayIn,
            StatusCodes.Status400BadRequest);

    /// <summary>
    /// What the owner can do without the emailed link: the console lists every waiting request with a fresh one. The
    /// href is relative because this page and the console both live under the app's /api/ (free-place-review, console).
    /// </summary>
    private const string ConsoleWayIn =
        "<p>You can still decide it from <a href=\"console\">your owner's console</a>: on its Home page, under <strong>Free place requests</strong>, press <strong>Review</strong> beside this family. That opens this page again with a fresh link.</p>";

    public ContentResult NotFound(HttpResponse response) => page.Render(
        response,
        "We couldn't find that request",
        "<p>The request this link points to no longer exists. Nothing has been changed.</p>",
        StatusCodes.Status404NotFound);

    public ContentResult CrossSite(HttpResponse response) => page.Render(
        response,
        "That didn't come from the review page",
        "<p>For safety, decisions can only be made with the buttons on the review page itself. Please open the link from your email and try again.</p>",
        StatusCodes.Status403Forbidden);

    public ContentResult Message(HttpResponse response, string title, string text, int statusCode) =>
        page.Render(response, title, $"<p>{H(text)}</p>", statusCode);

    private static string DecisionCard(DecisionSummary decision, bool already)
    {
        var when = $"{UkDateFormat.DayAndDate(decision.DecidedUtc)} at {UkDateFormat.Clock(decision.DecidedUtc)}";
        // The owner reads this: name the route in her words, not ours ("admin API" means nothing to her).
        var how = decision.Via == DecisionRoute.Link ? "using the review link" : "by a script with the app's key, not the review page";
        var what = decision.Status == FreePlaceStatus.Approved ? "approved" : "declined";
        var lead = already ? $"This request has already been {what}" : $"You {what} this request";
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<div class=\"card status\" role=\"status\"><p><strong>{H(lead)}</strong> on {H(when)}, {H(how)}.</p>");
        if (decision.Status == FreePlaceStatus.Approved)
        {
            var kind = decision.PlaceKind == PlaceKind.General ? "a general place, given free" : "one of the set-aside free places";
            html.Append("<dl>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Course</dt><dd>{H(decision.CourseTitle ?? decision.CourseId)}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Booking reference</dt><dd>{H(decision.BookingReference)}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Place</dt><dd>{H(kind)}</dd>")
                .Append("</dl>");
        }

        return html.Append("</div>").ToString();
    }

    private string Details(FreePlaceRequestRecord request, Course? preferred)
    {
        var ageWeeks = (UkTime.Today(time).DayNumber - request.BabyDateOfBirth.DayNumber) / 7;
        var dob = request.BabyDateOfBirth.ToString("d MMMM yyyy", UkDateFormat.Culture);
        var course = request.PreferredCourseId is null
            ? "Any suitable upcoming course"
            : preferred is null ? request.PreferredCourseId : $"{preferred.Title} ({Schedule(preferred)})";
        var html = new StringBuilder("<div class=\"card\"><dl>")
            .Append(CultureInfo.InvariantCulture, $"<dt>From</dt><dd>{H(request.ParentName)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Email</dt><dd><a href=\"mailto:{H(request.Email)}\">{H(request.Email)}</a></dd>");
        if (request.Phone is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>Phone</dt><dd>{H(request.Phone)}</dd>");
        }

        return html
            .Append(CultureInfo.InvariantCulture, $"<dt>Baby</dt><dd>{H(request.BabyFirstName)}, born {H(dob)} ({ageWeeks} weeks old)</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Asked for</dt><dd>{H(course)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Heard via</dt><dd>{H(ReferralSources.Describe(request.ReferralSource))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Received</dt><dd>{H(UkDateFormat.DayAndDate(request.CreatedUtc))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Reference</dt><dd>{H(request.Id)}</dd>")
            .Append("</dl></div>")
            .ToString();
    }

    private string Note(FreePlaceRequestRecord request)
    {
        var html = new StringBuilder("<h2>Their note</h2>");
        if (request.Note is { } note)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"note\">{H(note)}</div>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">Private: it is never emailed, and it is deleted {options.Value.NoteRetentionDays} days after you decide.</p>");
        }
        else if (request.NotePurgedUtc is { } purged)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">The note was deleted on {H(UkDateFormat.DayAndDate(purged))}, as promised to the family.</p>");
        }
        else
        {
            html.Append("<p class=\"hint\">They didn't write a note.</p>");
        }

        return html.ToString();
    }

    private static string ApproveForm(ReviewView view, bool suggestGeneralPlace)
    {
        var html = new StringBuilder("<h2>Approve</h2>");
        if (view.SuitableCourses.Count == 0)
        {
            return html.Append("<p>There are no upcoming courses this baby is the right age for just now. You could decline kindly, or come back to this link when new courses are added.</p>").ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{FreePlaceReviewLinks.Route}\">")
            .Append(Hidden(view.Token, "approve"))
            .Append("<fieldset><legend>Choose the course</legend>");
        var preselect = view.SuitableCourses.Any(c => c.Id == view.Request.PreferredCourseId) ? view.Request.PreferredCourseId : view.SuitableCourses[0].Id;
        foreach (var course in view.SuitableCourses)
        {
            var id = "course-" + course.Id;
            var places = $"{Plural(course.FreePlacesLeft, "free place")} left · {Plural(course.GeneralSpacesLeft, "general space")} left";
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"choice\" for=\"{H(id)}\"><input type=\"radio\" id=\"{H(id)}\" name=\"courseId\" value=\"{H(course.Id)}\" required{(course.Id == preselect ? " checked" : string.Empty)}>")
                .Append(CultureInfo.InvariantCulture, $"<span><strong>{H(course.Title)}</strong><br>{H(Schedule(course))}, {H(course.Venue)}<br>{H(places)}</span></label>");
        }

        return html.Append("</fieldset>")
            .Append(CultureInfo.InvariantCulture, $"<label class=\"choice\" for=\"useGeneralPlace\"><input type=\"checkbox\" id=\"useGeneralPlace\" name=\"useGeneralPlace\" value=\"true\"{(suggestGeneralPlace ? " checked" : string.Empty)}>")
            .Append("<span>Give a general place instead of a set-aside free place (use this when the free places have run out; the family still pays nothing)</span></label>")
            .Append("<button type=\"submit\">Approve and book</button>")
            .Append("</form>")
            .ToString();
    }

    private static string DeclineForm(string token, string signposting) => new StringBuilder("<h2>Decline</h2>")
        .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{FreePlaceReviewLinks.Route}\">")
        .Append(Hidden(token, "decline"))
        .Append("<label for=\"message\">A kind message for the family (optional)</label>")
        .Append(CultureInfo.InvariantCulture, $"<textarea id=\"message\" name=\"message\" maxlength=\"{FreePlaceDecisionService.MaxDeclineMessageLength}\" aria-describedby=\"message-hint\"></textarea>")
        .Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"message-hint\">We'll add this, then: “{H(signposting)}” Their note is never included.</p>")
        .Append("<button type=\"submit\" class=\"secondary\">Decline kindly</button>")
        .Append("</form>")
        .ToString();

    private static string Hidden(string token, string decision) =>
        $"<input type=\"hidden\" name=\"{FreePlaceReviewLinks.TokenParameter}\" value=\"{H(token)}\"><input type=\"hidden\" name=\"decision\" value=\"{decision}\">";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
}
