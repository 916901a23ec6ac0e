using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Http;

public sealed class StorageOutageTests
{
    private const string Origin = "https://www.happybabyhive.test";

    private readonly StorageOutage outage;

    public StorageOutageTests()
    {
        var website = Options.Create(new WebsiteOptions { AllowedOrigins = Origin });
        var page = HappyBabyHive.TestSupport.TestPages.Results(Options.Create(new BrandingOptions()), Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }), website);
        outage = new StorageOutage(page, new Cors(website), NullLogger<StorageOutage>.Instance);
    }

    public static TheoryData<Exception> Outages() =>
    [
        new RequestFailedException(0, "connection refused", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))),
        new RequestFailedException(503, "Server busy"),
        new RequestFailedException(500, "Internal error"),
        new RequestFailedException(408, "Timeout"),
        // Azure.Core's retry policy, having used up its retries, throws every attempt's failure together.
        new AggregateException("Retry failed after 3 tries.", new RequestFailedException(0, "refused"), new TaskCanceledException("exceeded the configured timeout")),
        new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:03."),
        new InvalidOperationException("wrapped by app code", new RequestFailedException(0, "refused")),
        new TableTransactionFailedException(new RequestFailedException(503, "Server busy")),
    ];

    public static TheoryData<Exception> NotOutages() =>
    [
        new RequestFailedException(412, "UpdateConditionNotSatisfied"),
        new RequestFailedException(409, "EntityAlreadyExists"),
        new RequestFailedException(404, "ResourceNotFound"),
        new RequestFailedException(400, "InvalidInput"),
        new TableTransactionFailedException(new RequestFailedException(412, "UpdateConditionNotSatisfied")),
        new InvalidOperationException("a bug"),
        new AggregateException(new RequestFailedException(0, "refused"), new InvalidOperationException("a bug")),
        new ArgumentException("a bug"),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void Storage_that_does_not_answer_is_an_outage(Exception exception) =>
        Assert.True(StorageOutage.IsStorageUnavailable(exception));

    [Theory]
    [MemberData(nameof(NotOutages))]
    public void Answers_from_storage_and_bugs_are_not_an_outage(Exception exception) =>
        Assert.False(StorageOutage.IsStorageUnavailable(exception));

    [Fact]
    public async Task An_api_caller_gets_503_problem_details_with_retry_after_and_cors()
    {
        var request = HttpRequests.Get(Origin);
        request.Headers.Accept = "application/json";

        var result = Assert.IsType<ObjectResult>(await outage.RespondAsync(request));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.Equal("urn:happybabyhive:problem:unavailable", problem.Type);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
        Assert.Equal("60", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal(Origin, request.HttpContext.Response.Headers.AccessControlAllowOrigin.ToString());
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("text/html")]
    public async Task A_browser_gets_a_friendly_503_page_with_retry_after(string accept)
    {
        var request = HttpRequests.Get();
        request.Headers.Accept = accept;

        var result = Assert.IsType<ContentResult>(await outage.RespondAsync(request));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        Assert.StartsWith("text/html", result.ContentType);
        Assert.Contains("try again in a minute", result.Content);
        Assert.Equal("60", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("text/html;q=0, application/json")]
    public async Task Without_asking_for_html_the_answer_is_problem_details(string accept)
    {
        var request = HttpRequests.Get();
        request.Headers.Accept = accept;

        Assert.IsType<ObjectResult>(await outage.RespondAsync(request));
    }

    [Fact]
    public async Task A_client_that_went_away_is_not_answered()
    {
        var context = new DefaultHttpContext();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        context.RequestAborted = aborted.Token;

        Assert.False(await outage.TryWriteAsync(context, new TaskCanceledException(), "CreateBooking"));
    }

    [Fact]
    public async Task A_bug_is_left_to_the_host()
    {
        Assert.False(await outage.TryWriteAsync(new DefaultHttpContext(), new InvalidOperationException("a bug"), "CreateBooking"));
    }
}
