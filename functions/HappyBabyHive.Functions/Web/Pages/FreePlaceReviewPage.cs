using System.Globalization;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Links;
using HappyBabyHive.Pages.Review;
using HappyBabyHive.Pages.Styles;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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

    /// <summary>Where the page's decision forms post (the console's page for this request).</summary>
    public string FormAction { get; init; } = FreePlaceReviewLinks.Route;

    /// <summary>The hidden field that carries <see cref="Token"/> (the console's CSRF field).</summary>
    public string FormTokenField { get; init; } = FreePlaceReviewLinks.TokenParameter;
}

/// <summary>
/// The owner's review page (<see cref="FreePlaceReview"/>) and its short answers (<see cref="ReviewNotice"/>): maps the
/// request, its courses and decisions to view models, never framed by any site.
/// </summary>
public sealed class FreePlaceReviewPage(PageResults pages, IOptions<FreePlaceOptions> options, TimeProvider time)
{
    public Task<ContentResult> ReviewAsync(HttpResponse response, ReviewView view, string? problem = null, int statusCode = StatusCodes.Status200OK, bool suggestGeneralPlace = false)
    {
        var model = new ReviewModel(
            problem,
            view.Decision is { } decision ? Decision(decision, already: true) : null,
            Details(view.Request, view.PreferredCourse),
            Note(view.Request),
            view.Decision is null ? Decide(view, suggestGeneralPlace) : null);
        return PageAsync<FreePlaceReview>(response, "Free place request", model, statusCode);
    }

    /// <summary>The page after a decision was just made with the buttons.</summary>
    public Task<ContentResult> DecidedAsync(HttpResponse response, DecisionSummary decision, FreePlaceRequestRecord request)
    {
        var approved = decision.Status == FreePlaceStatus.Approved;
        var next = approved
            ? $"We've emailed {request.ParentName} their booking confirmation with all the dates and a calendar file. It says the place is free."
            : $"We've emailed {request.ParentName} a gentle reply, with your message if you wrote one and where to find support.";
        return NoticeAsync(
            response, approved ? "Place approved" : "Request declined", new ReviewNoticeModel(ReviewNoticeKind.Decided, Decision(decision, already: false), next), StatusCodes.Status200OK);
    }

    /// <summary>A POST for a request that was already decided (a second click, or a second device).</summary>
    public Task<ContentResult> AlreadyDecidedAsync(HttpResponse response, DecisionSummary decision) => NoticeAsync(
        response,
        decision.Status == FreePlaceStatus.Approved ? "Already approved" : "Already declined",
        new ReviewNoticeModel(ReviewNoticeKind.AlreadyDecided, Decision(decision, already: true)),
        StatusCodes.Status409Conflict);

    public Task<ContentResult> BadLinkAsync(HttpResponse response, LinkCheck check) => check == LinkCheck.Expired
        ? NoticeAsync(
            response,
            "This link has expired",
            new ReviewNoticeModel(ReviewNoticeKind.LinkExpired, LinkDays: (int)Math.Round(options.Value.ReviewLinkLifetime.TotalDays)),
            StatusCodes.Status410Gone)
        : NoticeAsync(response, "This link doesn't work", new ReviewNoticeModel(ReviewNoticeKind.LinkBroken), StatusCodes.Status400BadRequest);

    /// <summary>The page the emailed link opens: its button uses the link once and signs the owner in.</summary>
    public Task<ContentResult> OpenAsync(HttpResponse response, string token) => NoticeAsync(
        response,
        "Free place request",
        new ReviewNoticeModel(ReviewNoticeKind.Open, Open: new OpenReviewModel(FreePlaceReviewLinks.Route, FreePlaceReviewLinks.TokenParameter, token)),
        StatusCodes.Status200OK);

    public Task<ContentResult> LinkUsedAsync(HttpResponse response) =>
        NoticeAsync(response, "This link has already been opened", new ReviewNoticeModel(ReviewNoticeKind.LinkUsed), StatusCodes.Status409Conflict);

    public Task<ContentResult> NotFoundAsync(HttpResponse response) =>
        NoticeAsync(response, "We couldn't find that request", new ReviewNoticeModel(ReviewNoticeKind.NotFound), StatusCodes.Status404NotFound);

    public Task<ContentResult> CrossSiteAsync(HttpResponse response) =>
        NoticeAsync(response, "That didn't come from the review page", new ReviewNoticeModel(ReviewNoticeKind.CrossSite), StatusCodes.Status403Forbidden);

    public Task<ContentResult> MessageAsync(HttpResponse response, string title, string text, int statusCode) =>
        NoticeAsync(response, title, new ReviewNoticeModel(ReviewNoticeKind.Message, Text: text), statusCode);

    private Task<ContentResult> NoticeAsync(HttpResponse response, string title, ReviewNoticeModel model, int statusCode) =>
        PageAsync<ReviewNotice>(response, title, model, statusCode);

    // The review page holds a family's details (and its forms the console's CSRF token): no site may frame it.
    private Task<ContentResult> PageAsync<TBody>(HttpResponse response, string title, object model, int statusCode)
        where TBody : IComponent =>
        pages.PageAsync<TBody>(response, new PageSpec(title, Framing.Never) { StatusCode = statusCode, Stylesheets = [Stylesheets.Forms] }, model);

    private static DecisionModel Decision(DecisionSummary decision, bool already) => new(
        decision.Status == FreePlaceStatus.Approved,
        already,
        $"{UkDateFormat.DayAndDate(decision.DecidedUtc)} at {UkDateFormat.Clock(decision.DecidedUtc)}",
        decision.Via == DecisionRoute.Link,
        decision.Status == FreePlaceStatus.Approved
            ? new BookingMade(decision.CourseTitle ?? decision.CourseId ?? string.Empty, decision.BookingReference ?? string.Empty, decision.PlaceKind == PlaceKind.General)
            : null);

    private RequestDetails Details(FreePlaceRequestRecord request, Course? preferred)
    {
        var ageWeeks = (UkTime.Today(time).DayNumber - request.BabyDateOfBirth.DayNumber) / 7;
        var dob = request.BabyDateOfBirth.ToString("d MMMM yyyy", UkDateFormat.Culture);
        var course = request.PreferredCourseId is null
            ? "Any suitable upcoming course"
            : preferred is null ? request.PreferredCourseId : $"{preferred.Title} ({Schedule(preferred)})";
        return new RequestDetails(
            request.ParentName,
            request.Email,
            request.Phone,
            string.Create(CultureInfo.InvariantCulture, $"{request.BabyFirstName}, born {dob} ({ageWeeks} weeks old)"),
            course,
            ReferralSources.Describe(request.ReferralSource),
            UkDateFormat.DayAndDate(request.CreatedUtc),
            request.Id);
    }

    private NoteModel Note(FreePlaceRequestRecord request) =>
        new(request.Note, options.Value.NoteRetentionDays, request.NotePurgedUtc is { } purged ? UkDateFormat.DayAndDate(purged) : null);

    private DecideModel Decide(ReviewView view, bool suggestGeneralPlace)
    {
        var courses = view.SuitableCourses;
        var selected = courses.Any(c => c.Id == view.Request.PreferredCourseId) ? view.Request.PreferredCourseId : courses.Count > 0 ? courses[0].Id : null;
        return new DecideModel(
            view.FormAction,
            view.FormTokenField,
            view.Token,
            courses.Select(c => new ReviewCourse(
                c.Id, c.Title, Schedule(c), c.Venue, $"{Plural(c.FreePlacesLeft, "free place")} left · {Plural(c.GeneralSpacesLeft, "general space")} left")).ToList(),
            selected,
            suggestGeneralPlace,
            FreePlaceDecisionService.MaxDeclineMessageLength,
            view.DeclineSignposting ?? options.Value.DeclineSignposting);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Schedule(Course course) =>
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList());
}
