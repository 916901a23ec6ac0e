using Azure;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Configuration;
using HappyBabyHive.Http;
using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Http;

/// <summary>The worker's side (Azure): a storage outage inside an HTTP function is written as the 503, anything else goes on to the host.</summary>
public sealed class StorageOutageMiddlewareTests
{
    // Where the worker's ASP.NET Core integration keeps the invocation's HttpContext (FunctionContext.GetHttpContext()).
    private const string HttpContextItem = "HttpRequestContext";

    [Fact]
    public async Task A_storage_outage_in_an_http_function_becomes_503_with_retry_after()
    {
        var (context, http) = Invocation();
        http.Response.Headers["X-Half-Written"] = "yes";

        await new StorageOutageMiddleware().Invoke(context, _ => throw new AggregateException(new RequestFailedException(0, "refused")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("60", http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith(Problems.ContentType, http.Response.ContentType);
        Assert.False(http.Response.Headers.ContainsKey("X-Half-Written"));
        http.Response.Body.Position = 0;
        Assert.Contains("urn:happybabyhive:problem:unavailable", await new StreamReader(http.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_that_ran_out_on_a_busy_row_become_503_busy_with_a_short_retry_after_not_500()
    {
        var (context, http) = Invocation();

        await new StorageOutageMiddleware().Invoke(context, _ => throw new ConcurrencyConflictException());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("2", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("urn:happybabyhive:problem:busy", body, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anything_else_goes_on_to_the_host()
    {
        var (context, _) = Invocation();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new StorageOutageMiddleware().Invoke(context, _ => throw new InvalidOperationException("a bug")));
    }

    private static (FunctionContext Context, HttpContext Http) Invocation()
    {
        var website = Options.Create(new WebsiteOptions());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Options.Create(new BrandingOptions()))
            .AddSingleton(Options.Create(new BusinessOptions { Name = "The Happy Baby Hive" }))
            .AddSingleton(website)
            .AddPageRendering()
            .AddSingleton<Cors>()
            .AddSingleton<StorageOutage>();
        services.AddMvcCore();
        var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Response.Body = new MemoryStream();

        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("CreateBooking");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { [HttpContextItem] = http });
        context.SetupGet(c => c.InstanceServices).Returns(provider);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        return (context.Object, http);
    }
}
