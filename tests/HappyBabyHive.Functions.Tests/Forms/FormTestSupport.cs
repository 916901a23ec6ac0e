using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Abuse;
using HappyBabyHive.Configuration;
using HappyBabyHive.Courses;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Forms;

/// <summary>What the form functions' tests share: one page layout, a strict rate limit, one upcoming course, form posts.</summary>
internal static class FormTestSupport
{
    /// <summary>Breaks out of text, attributes and elements if anything forgets to encode it.</summary>
    public const string Hostile = "<script>alert(1)</script>\"' onmouseover=x";

    public static readonly DateOnly Today = new(2026, 12, 1);

    public static FakeTimeProvider Clock() => TestClock.AtUtc(2026, 12, 1, 9, 0);

    public static BusinessOptions Business(string? termsUrl = null) => new() { Name = "The Happy Baby Hive", TermsUrl = termsUrl };

    public static PageResults Page() => HappyBabyHive.TestSupport.TestPages.Results(
        Options.Create(new BrandingOptions()),
        Options.Create(Business()),
        Options.Create(new WebsiteOptions { AllowedOrigins = "https://www.happybabyhive.test" }));

    /// <summary>Two accepted posts a day from one client for each kind of form, so the third shows the limit.</summary>
    public static TestAbuse Abuse() => new(o =>
    {
        o.BookingsPerClient = new LimitRule { Permits = 2, Window = TimeSpan.FromDays(1) };
        o.FreePlaceRequestsPerClient = new LimitRule { Permits = 2, Window = TimeSpan.FromDays(1) };
        o.SubscriptionsPerClient = new LimitRule { Permits = 2, Window = TimeSpan.FromDays(1) };
    });

    public static FormPages Pages(TestAbuse abuse) => new(Page(), abuse.Guard, abuse.Tokens);

    /// <summary>A form post carrying a good token for <paramref name="form"/>, as a person's browser would send it.</summary>
    public static HttpRequest Post(TestAbuse abuse, string form, string body) => Post(body + "&formToken=" + Uri.EscapeDataString(abuse.Token(form)));

    public static Mock<ICourseStore> OneCourse()
    {
        var courses = new Mock<ICourseStore>();
        courses.Setup(c => c.ListUpcomingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([SampleCourses.Massage(new DateOnly(2027, 1, 5))]);
        return courses;
    }

    public static HttpRequest Post(string body) => HttpRequests.Json("POST", body, "application/x-www-form-urlencoded");

    public static ContentResult Page(IActionResult result, int statusCode)
    {
        var page = Assert.IsType<ContentResult>(result);
        Assert.Equal(statusCode, page.StatusCode);
        Assert.True(Encoding.UTF8.GetByteCount(page.Content!) < 100 * 1024, "every page is under 100 KB");
        return page;
    }

    public static string Decoded(ContentResult page) => System.Net.WebUtility.HtmlDecode(page.Content!);

    /// <summary>The page as a browser parses it.</summary>
    public static IDocument Dom(ContentResult page) => HostileHtml.Parse(page.Content!);

    /// <summary>The value of the control with this id, as the browser would submit it.</summary>
    public static string? Value(IDocument page, string name) => page.GetElementById("f-" + name) switch
    {
        IHtmlTextAreaElement area => area.Value,
        IHtmlInputElement input => input.Value,
        _ => null,
    };

    /// <summary>Whether the box or radio posting <paramref name="value"/> under <paramref name="name"/> is ticked.</summary>
    public static bool IsChecked(IDocument page, string name, string value) =>
        page.QuerySelectorAll<IHtmlInputElement>($"input[name='{name}']").Single(i => i.Value == value).IsChecked;

    /// <summary>The page's one script: forms.js by its content hash.</summary>
    public static void AssertLoadsTheFormsScript(IDocument page) =>
        Assert.Equal("forms.js?v=" + FormsScript.Version, Assert.Single(page.QuerySelectorAll("script")).GetAttribute("src"));

    public static void AssertEncoded(string html)
    {
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"' onmouseover", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }
}
