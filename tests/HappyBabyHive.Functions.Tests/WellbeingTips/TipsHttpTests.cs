using HappyBabyHive.Configuration;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.WellbeingTips;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.WellbeingTips;

public sealed class TipsHttpTests
{
    private readonly Mock<ITipArchive> archive = new(MockBehavior.Strict);
    private readonly PublicTipsHttp function;

    public TipsHttpTests() =>
        function = new PublicTipsHttp(archive.Object, new Cors(Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" })));

    [Fact]
    public async Task The_current_tip_is_served_to_the_website_with_CORS_and_encoded_html()
    {
        var tip = TipResponse.From(TipsTestData.Publication(body: "Hello <b>you</b>"));
        archive.Setup(a => a.CurrentAsync(It.IsAny<CancellationToken>())).ReturnsAsync(tip);
        var request = HttpRequests.Get(origin: "https://www.happybabyhive.test");

        var result = Assert.IsType<OkObjectResult>(await function.GetCurrentTip(request, CancellationToken.None));

        var body = Assert.IsType<TipResponse>(result.Value);
        Assert.Equal("<p>Hello &lt;b&gt;you&lt;/b&gt;</p>", body.Html);
        Assert.Equal("2026-W48", body.Week);
        Assert.Equal("https://www.happybabyhive.test", request.HttpContext.Response.Headers.AccessControlAllowOrigin.ToString());
    }

    [Fact]
    public async Task Before_the_first_Monday_there_is_a_404_problem()
    {
        archive.Setup(a => a.CurrentAsync(It.IsAny<CancellationToken>())).ReturnsAsync((TipResponse?)null);

        Assert.Equal(404, Assert.IsType<ObjectResult>(await function.GetCurrentTip(HttpRequests.Get(), CancellationToken.None)).StatusCode);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=51")]
    [InlineData("?pageSize=ten")]
    public async Task A_bad_page_size_is_a_400_problem(string query)
    {
        var request = HttpRequests.Get();
        request.QueryString = new QueryString(query);

        var result = Assert.IsType<ObjectResult>(await function.ListTips(request, CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
    }

    [Fact]
    public async Task A_continuation_token_we_did_not_issue_is_a_400_problem()
    {
        archive.Setup(a => a.ListAsync(10, "nonsense", It.IsAny<CancellationToken>())).ReturnsAsync((TipPageResponse?)null);
        var request = HttpRequests.Get();
        request.QueryString = new QueryString("?continuationToken=nonsense");

        Assert.Equal(400, Assert.IsType<ObjectResult>(await function.ListTips(request, CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task Preflight_from_the_website_is_answered()
    {
        var request = HttpRequests.Get(origin: "https://www.happybabyhive.test");
        request.Method = "OPTIONS";

        Assert.IsType<NoContentResult>(await function.ListTips(request, CancellationToken.None));
        Assert.Equal("GET, POST, OPTIONS", request.HttpContext.Response.Headers.AccessControlAllowMethods.ToString());
    }
}
