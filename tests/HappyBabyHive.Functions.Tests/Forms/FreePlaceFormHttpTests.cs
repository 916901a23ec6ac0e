using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Functions;
using HappyBabyHive.Http;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.Forms;

public sealed class FreePlaceFormHttpTests
{
    private const string ValidForm =
        "idempotencyKey=form-key-1&courseId=massage-test&parentName=Jo+Bloggs&email=jo%40example.co.uk&phone=&babyFirstName=Ada" +
        "&babyDateOfBirth=2026-10-01&referralSource=HealthVisitor&note=Things+are+hard%0D%0Aright+now&consentToStore=true&leaveThisEmpty=";

    private readonly Mock<IFreePlaceRequestService> requests = new(MockBehavior.Strict);
    private readonly TestAbuse abuse = FormTestSupport.Abuse();
    private readonly PublicFreePlaceFormHttp function;

    public FreePlaceFormHttpTests()
    {
        var pages = FormTestSupport.Pages(abuse);
        function = new PublicFreePlaceFormHttp(
            requests.Object,
            pages,
            new FreePlaceFormPage(
                FormTestSupport.OneCourse().Object,
                pages,
                Options.Create(new BusinessOptions { Name = "The Happy Baby Hive", CharityName = "Mind Hull and East Yorkshire" }),
                Options.Create(new FreePlaceOptions { NoteRetentionDays = 21, ReplyWithin = "within three working days" }),
                FormTestSupport.Clock()),
            abuse.Subjects);
    }

    private HttpRequest Form(string body) => FormTestSupport.Post(abuse, PublicFreePlaceFormHttp.FormName, body);

    private void Answer(FreePlaceRequestOutcome outcome) =>
        requests.Setup(r => r.SubmitAsync(It.IsAny<FreePlaceRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

    [Fact]
    public async Task The_form_offers_any_suitable_course_first_and_explains_privacy_in_one_sentence_with_the_configured_days()
    {
        var request = HttpRequests.Get();

        var page = FormTestSupport.Page(await function.FreePlaceForm(request, CancellationToken.None), 200);

        using var document = FormTestSupport.Dom(page);
        Assert.True(FormTestSupport.IsChecked(document, "courseId", "any"));
        Assert.Equal("any", FormTestSupport.Value(document, "courseId"));
        Assert.NotNull(document.QuerySelector("input[name=courseId][value=massage-test]"));
        Assert.Equal(
            "Your request is read only by The Happy Baby Hive, and any note you write is deleted 21 days after we've decided.",
            document.QuerySelector("#consentToStore-hint")!.TextContent);
        Assert.Equal("note", document.QuerySelector("textarea#f-note")!.GetAttribute("name"));
        Assert.Equal("Anything you'd like us to know (optional)", document.QuerySelector("label[for=f-note]")!.TextContent);
        Assert.DoesNotContain("£60", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("../free-place-requests", document.QuerySelector("form")!.GetAttribute("data-api"));
        FormTestSupport.AssertLoadsTheFormsScript(document);
        Assert.Contains("frame-ancestors https://www.happybabyhive.test", request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_in_the_address_is_chosen_instead()
    {
        var request = HttpRequests.Get();
        request.QueryString = new QueryString("?course=massage-test");

        var page = FormTestSupport.Page(await function.FreePlaceForm(request, CancellationToken.None), 200);

        using var document = FormTestSupport.Dom(page);
        Assert.True(FormTestSupport.IsChecked(document, "courseId", "massage-test"));
        Assert.False(FormTestSupport.IsChecked(document, "courseId", "any"));
    }

    [Fact]
    public async Task A_good_post_goes_to_the_service_with_the_forms_key_and_ends_on_a_kind_confirmation()
    {
        requests.Setup(r => r.SubmitAsync(
                It.Is<FreePlaceRequest>(q => q.ParentName == "Jo Bloggs" && q.ReferralSource == "HealthVisitor" && q.Note == "Things are hard\r\nright now" && q.ConsentToStore && q.Phone == string.Empty),
                "form-key-1",
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FreePlaceRequestOutcome.Created(new FreePlaceReceipt("fp-k7m3q9xpa2", "massage-test", "Baby Massage for Little Ones")));

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None), 200);

        using var document = HostileHtml.Parse(page.Content!);
        Assert.Equal("Thank you for asking", document.QuerySelector("h1")!.TextContent);
        Assert.Equal("fp-k7m3q9xpa2", document.QuerySelector("[data-slot=reference]")!.TextContent);
        Assert.Equal("Baby Massage for Little Ones", document.QuerySelector("[data-slot=course]")!.TextContent);
        Assert.Contains("will reply by email within three working days", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Things are hard", document.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resent_form_shows_the_same_request_and_any_course_is_named_as_such()
    {
        Answer(new FreePlaceRequestOutcome.Replayed(new FreePlaceReceipt("fp-k7m3q9xpa2", null, null)));

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None), 200);

        using var document = FormTestSupport.Dom(page);
        Assert.Equal("fp-k7m3q9xpa2", document.QuerySelector("[data-slot=reference]")!.TextContent);
        Assert.Equal("Any suitable upcoming course", document.QuerySelector("[data-slot=course]")!.TextContent);
    }

    [Fact]
    public async Task Field_errors_re_show_the_form_with_everything_typed_encoded_and_the_same_key()
    {
        Answer(new FreePlaceRequestOutcome.Invalid(new Dictionary<string, string[]> { ["email"] = ["That doesn't look like an email address."] }));
        var hostileNote = "&note=" + Uri.EscapeDataString(FormTestSupport.Hostile);

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm.Replace("&note=Things+are+hard%0D%0Aright+now", hostileNote, StringComparison.Ordinal)), CancellationToken.None), 422);

        HostileHtml.AssertOnlyText(page.Content!, FormTestSupport.Hostile);
        using var document = FormTestSupport.Dom(page);
        Assert.StartsWith("Error: Ask for a free place", document.Title, StringComparison.Ordinal);
        Assert.Equal("That doesn't look like an email address.", document.QuerySelector("#email-error [data-error-text]")!.TextContent);
        Assert.Equal("Jo Bloggs", FormTestSupport.Value(document, "parentName"));
        Assert.Equal(FormTestSupport.Hostile, FormTestSupport.Value(document, "note"));
        Assert.True(FormTestSupport.IsChecked(document, "referralSource", "HealthVisitor"));
        Assert.True(FormTestSupport.IsChecked(document, "consentToStore", "true"));
        Assert.Equal("form-key-1", document.QuerySelector("input[name=idempotencyKey]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(false, 422, "isn't available any more")]
    [InlineData(true, 409, "has started")]
    public async Task A_course_that_went_or_closed_is_an_error_on_the_course_choice(bool closed, int status, string words)
    {
        Answer(closed ? new FreePlaceRequestOutcome.CourseNotBookable("That course has started or isn't taking bookings.") : new FreePlaceRequestOutcome.CourseNotFound("massage-test"));

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None), status);

        using var document = FormTestSupport.Dom(page);
        Assert.Contains(words, document.QuerySelector("#courseId-error:not([hidden]) [data-error-text]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_key_gets_a_fresh_one_and_an_explanation()
    {
        Answer(new FreePlaceRequestOutcome.IdempotencyKeyReused());

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None), 422);

        Assert.Contains("already sent a request with this form", FormTestSupport.Decoded(page), StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"form-key-1\"", page.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_honeypot_gets_a_plain_thank_you()
    {
        requests.Setup(r => r.SubmitAsync(It.Is<FreePlaceRequest>(q => q.LeaveThisEmpty == "spam"), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FreePlaceRequestOutcome.Ignored());

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(Form(ValidForm + "spam"), CancellationToken.None), 200);

        using var document = HostileHtml.Parse(page.Content!);
        Assert.Equal("Thank you. We've received your form.", document.QuerySelector("main > p:not(.brand)")!.TextContent);
        Assert.Null(document.QuerySelector("[data-slot=reference]"));
    }

    [Fact]
    public async Task Accepted_requests_over_the_shared_limit_are_refused_kindly_and_keep_what_was_typed()
    {
        Answer(new FreePlaceRequestOutcome.Created(new FreePlaceReceipt("fp-k7m3q9xpa2", "massage-test", "Baby Massage for Little Ones")));
        await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None);
        await function.FreePlaceFormPost(Form(ValidForm), CancellationToken.None);
        var request = Form(ValidForm);

        var page = FormTestSupport.Page(await function.FreePlaceFormPost(request, CancellationToken.None), 429);

        Assert.False(string.IsNullOrEmpty(request.HttpContext.Response.Headers.RetryAfter.ToString()));
        using var document = FormTestSupport.Dom(page);
        Assert.Contains("we can't take this one just now", document.QuerySelector("[data-summary-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Things are hard\nright now", FormTestSupport.Value(document, "note")!.ReplaceLineEndings("\n"));
        requests.Verify(r => r.SubmitAsync(It.IsAny<FreePlaceRequest>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_refused_without_calling_the_service()
    {
        var page = FormTestSupport.Page(await function.FreePlaceFormPost(HttpRequests.Json("POST", "{}"), CancellationToken.None), 400);

        using var document = FormTestSupport.Dom(page);
        Assert.Equal("free-place", document.QuerySelector("main a")!.GetAttribute("href"));
        Assert.Equal("Start again", document.QuerySelector("main a")!.TextContent);
    }
}
