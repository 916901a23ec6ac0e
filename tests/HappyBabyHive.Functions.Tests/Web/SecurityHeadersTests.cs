using HappyBabyHive.Web;
using Microsoft.AspNetCore.Http;

namespace HappyBabyHive.Tests.Web;

public sealed class SecurityHeadersTests
{
    [Fact]
    public void A_response_that_set_nothing_gets_hsts_nosniff_no_framing_and_no_store()
    {
        var response = new DefaultHttpContext().Response;

        SecurityHeaders.Apply(response);

        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Contains("frame-ancestors 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.XFrameOptions.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void An_embeddable_forms_own_policy_and_a_chosen_cache_are_kept()
    {
        var response = new DefaultHttpContext().Response;
        response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors https://www.happybabyhive.test";
        response.Headers.CacheControl = "public, max-age=300";

        SecurityHeaders.Apply(response);

        Assert.Equal("default-src 'none'; frame-ancestors https://www.happybabyhive.test", response.Headers.ContentSecurityPolicy.ToString());
        Assert.Empty(response.Headers.XFrameOptions.ToString());
        Assert.Equal("public, max-age=300", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
    }
}
