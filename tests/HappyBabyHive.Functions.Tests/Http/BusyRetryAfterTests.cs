using System.Text.Json;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Tests.Http;

/// <summary>Every 503 "busy" answer, API or page, tells the caller when to come back.</summary>
public sealed class BusyRetryAfterTests
{
    public static TheoryData<string> BusyAnswers() => [nameof(Problems.Busy), "course"];

    [Theory]
    [MemberData(nameof(BusyAnswers))]
    public async Task A_busy_problem_is_written_as_503_with_Retry_After(string which)
    {
        IActionResult result = which == nameof(Problems.Busy)
            ? Problems.Busy()
            : HappyBabyHive.Functions.ManageCoursesHttp.Map(new HappyBabyHive.Courses.Management.CourseChangeOutcome.Busy());

        var http = await ExecuteAsync(result);

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith(Problems.ContentType, http.Response.ContentType, StringComparison.Ordinal);
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("urn:happybabyhive:problem:busy", body.RootElement.GetProperty("type").GetString());
    }

    private static PageResults Pages() =>
        HappyBabyHive.TestSupport.TestPages.Results(Options.Create(new BrandingOptions()), Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }), Options.Create(new WebsiteOptions()));

    private static Task<ContentResult> PageAsync(HttpResponse response, string title, int statusCode = StatusCodes.Status200OK) =>
        Pages().PageAsync<MessageView>(response, new PageSpec(title, Framing.Never) { StatusCode = statusCode }, new MessageModel([title]));

    [Fact]
    public async Task A_503_page_carries_Retry_After_and_other_pages_do_not()
    {
        var busy = new DefaultHttpContext();
        var fine = new DefaultHttpContext();

        await PageAsync(busy.Response, "Busy", StatusCodes.Status503ServiceUnavailable);
        await PageAsync(fine.Response, "Fine");

        Assert.Equal("2", busy.Response.Headers.RetryAfter.ToString());
        Assert.Equal(string.Empty, fine.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_page_keeps_a_Retry_After_already_chosen()
    {
        var outage = new DefaultHttpContext();
        TryAgain.SetRetryAfter(outage.Response, TryAgain.AfterOutage);

        await PageAsync(outage.Response, "Down", StatusCodes.Status503ServiceUnavailable);

        Assert.Equal("60", outage.Response.Headers.RetryAfter.ToString());
    }

    private static async Task<HttpContext> ExecuteAsync(IActionResult result)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMvcCore();
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        return http;
    }
}
