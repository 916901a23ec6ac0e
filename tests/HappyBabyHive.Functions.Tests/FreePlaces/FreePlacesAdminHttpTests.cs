using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.Tests.Storage;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlacesAdminHttpTests
{
    private readonly InMemoryFreePlaceRequestStore store = new();
    private readonly Mock<IFreePlaceDecisionService> decisions = new(MockBehavior.Strict);
    private readonly ManageFreePlacesHttp function;

    public FreePlacesAdminHttpTests() => function = new ManageFreePlacesHttp(store, new Mock<ICourseStore>().Object, decisions.Object);

    private static HttpRequest List(string? status)
    {
        var request = HttpRequests.Get();
        if (status is not null)
        {
            request.QueryString = QueryString.Create("status", status);
        }

        return request;
    }

    [Fact]
    public async Task Listing_by_status_returns_summaries_without_notes_or_contact_details()
    {
        store.Put(FreePlaceFixtures.Request());
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Declined) with { Id = "fp-0000000001" });

        var result = Assert.IsType<OkObjectResult>(await function.ListFreePlaceRequests(List("pending"), CancellationToken.None));

        var item = Assert.Single(Assert.IsAssignableFrom<IEnumerable<FreePlaceRequestSummaryResponse>>(result.Value));
        Assert.Equal(("fp-k7m3q9xpa2", "pending", true), (item.Id, item.Status, item.HasNote));
        Assert.DoesNotContain("PRIVATE-NOTE", System.Text.Json.JsonSerializer.Serialize(item), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("all")]
    public async Task Listing_without_a_status_lists_everything(string? status)
    {
        store.Put(FreePlaceFixtures.Request());
        store.Put(FreePlaceFixtures.Request(status: FreePlaceStatus.Declined) with { Id = "fp-0000000001" });

        var result = Assert.IsType<OkObjectResult>(await function.ListFreePlaceRequests(List(status), CancellationToken.None));

        Assert.Equal(2, Assert.IsAssignableFrom<IEnumerable<FreePlaceRequestSummaryResponse>>(result.Value).Count());
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("7")]
    public async Task An_unknown_status_is_400(string status) =>
        Assert.Equal(400, Assert.IsType<ObjectResult>(await function.ListFreePlaceRequests(List(status), CancellationToken.None)).StatusCode);

    [Fact]
    public async Task Getting_one_shows_the_note_and_an_unknown_id_is_404()
    {
        store.Put(FreePlaceFixtures.Request());

        var found = Assert.IsType<OkObjectResult>(await function.GetFreePlaceRequest(HttpRequests.Get(), "fp-k7m3q9xpa2", CancellationToken.None));
        var missing = Assert.IsType<ObjectResult>(await function.GetFreePlaceRequest(HttpRequests.Get(), "fp-0000000000", CancellationToken.None));

        Assert.StartsWith("PRIVATE-NOTE", Assert.IsType<FreePlaceRequestResponse>(found.Value).Note, StringComparison.Ordinal);
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task Approving_passes_the_course_and_the_general_place_flag()
    {
        var decision = new DecisionSummary(FreePlaceStatus.Approved, DateTimeOffset.UnixEpoch, DecisionRoute.Api, "massage-test", "Baby Massage", "K7M3-Q9XP", PlaceKind.General);
        decisions.Setup(d => d.ApproveAsync("fp-k7m3q9xpa2", "massage-test", true, DecisionRoute.Api, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Approved(decision));

        var result = Assert.IsType<OkObjectResult>(await function.ApproveFreePlaceRequest(
            HttpRequests.Json("POST", """{"courseId":"massage-test","useGeneralPlace":true}"""), "fp-k7m3q9xpa2", CancellationToken.None));

        var body = Assert.IsType<DecisionResponse>(result.Value);
        Assert.Equal(("approved", "api", "general", "K7M3-Q9XP"), (body.Status, body.DecidedVia, body.PlaceKind, body.BookingReference));
    }

    [Fact]
    public async Task Declining_works_with_or_without_a_body()
    {
        var decision = new DecisionSummary(FreePlaceStatus.Declined, DateTimeOffset.UnixEpoch, DecisionRoute.Api, null, null, null, null);
        decisions.Setup(d => d.DeclineAsync("fp-k7m3q9xpa2", It.IsAny<string?>(), DecisionRoute.Api, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DecisionOutcome.Declined(decision, "Sorry"));

        var declined = Assert.IsType<OkObjectResult>(await function.DeclineFreePlaceRequest(HttpRequests.Json("POST", """{"message":"Sorry"}"""), "fp-k7m3q9xpa2", CancellationToken.None));
        Assert.Equal(("declined", "Sorry"), (Assert.IsType<DecisionResponse>(declined.Value).Status, Assert.IsType<DecisionResponse>(declined.Value).DeclineMessage));
        var empty = new DefaultHttpContext().Request;
        empty.Method = "POST";
        Assert.IsType<OkObjectResult>(await function.DeclineFreePlaceRequest(empty, "fp-k7m3q9xpa2", CancellationToken.None));
        decisions.Verify(d => d.DeclineAsync("fp-k7m3q9xpa2", "Sorry", DecisionRoute.Api, It.IsAny<CancellationToken>()));
        decisions.Verify(d => d.DeclineAsync("fp-k7m3q9xpa2", null, DecisionRoute.Api, It.IsAny<CancellationToken>()));
    }

    public static TheoryData<DecisionOutcome, int, string> Refusals => new()
    {
        { new DecisionOutcome.RequestNotFound(), 404, "not-found" },
        { new DecisionOutcome.AlreadyDecided(new DecisionSummary(FreePlaceStatus.Approved, DateTimeOffset.UnixEpoch, DecisionRoute.Link, "c", "C", "R", PlaceKind.Free)), 409, "already-decided" },
        { new DecisionOutcome.InProgress(), 409, "approval-in-progress" },
        { new DecisionOutcome.NoFreePlacesLeft("Baby Massage", 3), 409, "no-free-places-left" },
        { new DecisionOutcome.NoGeneralPlacesLeft("Baby Massage"), 409, "no-general-places-left" },
        { new DecisionOutcome.AlreadyBooked("Baby Massage", "K7M3-Q9XP"), 409, "already-booked" },
        { new DecisionOutcome.CourseNotBookable("Baby Massage", "Started."), 409, "course-not-bookable" },
        { new DecisionOutcome.CourseNotFound("x"), 404, "not-found" },
        { new DecisionOutcome.Invalid(new Dictionary<string, string[]> { ["courseId"] = ["choose"] }), 422, "validation" },
        { new DecisionOutcome.Busy(), 503, "busy" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_is_a_problem_with_its_status_and_type(DecisionOutcome outcome, int status, string slug)
    {
        var result = Assert.IsAssignableFrom<ObjectResult>(ManageFreePlacesHttp.Map(outcome));

        Assert.Equal(status, result.StatusCode);
        Assert.Equal("urn:happybabyhive:problem:" + slug, Assert.IsAssignableFrom<ProblemDetails>(result.Value).Type);
    }

    [Fact]
    public void No_free_places_left_says_a_general_place_can_be_given_instead()
    {
        var problem = Assert.IsAssignableFrom<ProblemDetails>(Assert.IsType<ObjectResult>(ManageFreePlacesHttp.Map(new DecisionOutcome.NoFreePlacesLeft("Baby Massage", 3))).Value);

        Assert.Contains("\"useGeneralPlace\": true", problem.Detail, StringComparison.Ordinal);
    }
}
