using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlacesHttpTests
{
    private const string ValidBody = """
        {"courseId":"any","parentName":"Jo","email":"jo@example.co.uk","babyFirstName":"Ada","babyDateOfBirth":"2026-12-01","referralSource":"HealthVisitor","note":"private","consentToStore":true}
        """;

    private readonly Mock<IFreePlaceRequestService> service = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = new(o => o.FreePlaceRequestsPerClient = new HappyBabyHive.Abuse.LimitRule { Permits = 2, Window = TimeSpan.FromDays(1) });
    private readonly PublicFreePlacesHttp function;

    public FreePlacesHttpTests()
    {
        var cors = new Cors(Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" }));
        function = new PublicFreePlacesHttp(service.Object, cors, abuse.Guard, abuse.Subjects, Options.Create(new FreePlaceOptions()));
    }

    private void Returns(FreePlaceRequestOutcome outcome) =>
        service.Setup(s => s.SubmitAsync(It.IsAny<FreePlaceRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

    [Fact]
    public async Task A_new_request_is_201_with_its_reference_and_the_body_reaches_the_service()
    {
        service.Setup(s => s.SubmitAsync(
                It.Is<FreePlaceRequest>(r => r.CourseId == "any" && r.ReferralSource == "HealthVisitor" && r.Note == "private" && r.ConsentToStore),
                "key-1",
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FreePlaceRequestOutcome.Created(new FreePlaceReceipt("fp-k7m3q9xpa2", null, null)));
        var request = HttpRequests.Json("POST", ValidBody);
        request.Headers["Idempotency-Key"] = "key-1";

        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(request, CancellationToken.None));

        Assert.Equal(201, result.StatusCode);
        var body = Assert.IsType<FreePlaceRequestCreatedResponse>(result.Value);
        Assert.Equal(("fp-k7m3q9xpa2", "pending"), (body.Reference, body.Status));
        Assert.DoesNotContain("private", body.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_is_200_with_the_original_reference()
    {
        Returns(new FreePlaceRequestOutcome.Replayed(new FreePlaceReceipt("fp-k7m3q9xpa2", "massage-test", "Baby Massage")));

        var result = Assert.IsType<OkObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal("fp-k7m3q9xpa2", Assert.IsType<FreePlaceRequestCreatedResponse>(result.Value).Reference);
    }

    [Fact]
    public async Task Field_errors_are_422_validation_problems()
    {
        Returns(new FreePlaceRequestOutcome.Invalid(new Dictionary<string, string[]> { ["consentToStore"] = ["please"], ["note"] = ["too long"] }));

        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
        Assert.Equal(["consentToStore", "note"], Assert.IsType<ValidationProblemDetails>(result.Value).Errors.Keys.Order());
    }

    [Theory]
    [InlineData("notfound", 404)]
    [InlineData("closed", 409)]
    [InlineData("reused", 422)]
    public async Task Each_refusal_is_a_problem_with_its_status(string kind, int status)
    {
        Returns(kind switch
        {
            "notfound" => new FreePlaceRequestOutcome.CourseNotFound("x"),
            "closed" => new FreePlaceRequestOutcome.CourseNotBookable("started"),
            _ => new FreePlaceRequestOutcome.IdempotencyKeyReused(),
        });

        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(status, Assert.IsAssignableFrom<ProblemDetails>(result.Value).Status);
    }

    [Theory]
    [InlineData("{\"note\": ", "application/json", 400)]
    [InlineData("{\"consentToStore\": \"yes\"}", "application/json", 400)]
    [InlineData(ValidBody, "text/plain", 415)]
    public async Task Unreadable_bodies_never_reach_the_service(string body, string contentType, int status)
    {
        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", body, contentType), CancellationToken.None));

        Assert.Equal(status, result.StatusCode);
        service.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_huge_body_is_413()
    {
        var request = HttpRequests.Json("POST", "{\"note\":\"" + new string('a', JsonBody.MaxBytes) + "\"}");
        request.ContentLength = null;

        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(request, CancellationToken.None));

        Assert.Equal(413, result.StatusCode);
        service.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_client_over_its_limit_gets_429_but_refused_requests_do_not_count()
    {
        Returns(new FreePlaceRequestOutcome.CourseNotFound("x"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(404, Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None)).StatusCode);
        }

        Returns(new FreePlaceRequestOutcome.Created(new FreePlaceReceipt("fp-k7m3q9xpa2", null, null)));
        await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None);
        await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None);

        var result = Assert.IsType<ObjectResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None));

        Assert.Equal(429, result.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_silently()
    {
        Returns(new FreePlaceRequestOutcome.Ignored());

        Assert.IsType<AcceptedResult>(await function.CreateFreePlaceRequest(HttpRequests.Json("POST", ValidBody), CancellationToken.None));
    }

    [Fact]
    public async Task A_preflight_from_the_website_is_answered_without_the_service()
    {
        var request = HttpRequests.Json("OPTIONS", string.Empty);
        request.Headers.Origin = "https://www.happybabyhive.test";

        Assert.IsType<NoContentResult>(await function.CreateFreePlaceRequest(request, CancellationToken.None));
        Assert.Equal("https://www.happybabyhive.test", request.HttpContext.Response.Headers.AccessControlAllowOrigin.ToString());
        service.VerifyNoOtherCalls();
    }

}
