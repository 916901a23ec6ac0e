using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Web.Forms;
using static HappyBabyHive.Tests.Forms.BookingFormViewTests;

namespace HappyBabyHive.Tests.Forms;

/// <summary>The free-place form and its "thank you for asking" card as a browser reads them.</summary>
public sealed class FreePlaceFormViewTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;
    private static readonly FreePlaceWording Wording = new("The Happy Baby Hive", "Mind Hull and East Yorkshire", 30, "within five working days");

    private static Task<string> HtmlAsync(FreePlaceFormState state, FreePlaceWording? wording = null, params CourseOption[] courses) =>
        TestPages.Renderer.RenderAsync<FreePlaceFormView>(FreePlaceFormPage.Model(courses, state, FormTestSupport.Today, wording ?? Wording));

    private static async Task<IDocument> RenderAsync(FreePlaceFormState state, params CourseOption[] courses) => HostileHtml.Parse(await HtmlAsync(state, null, courses));

    [Fact]
    public async Task Only_courses_taking_bookings_are_offered_and_without_price_or_places()
    {
        var started = Choice(id: "started", first: new DateOnly(2026, 11, 24));

        using var page = await RenderAsync(new FreePlaceFormState { IdempotencyKey = "k", CourseId = "any" }, Choice(), started);

        Assert.NotNull(page.QuerySelector("input[value=massage-test]"));
        Assert.Null(page.QuerySelector("input[value=started]"));
        Assert.Empty(page.QuerySelectorAll(".availability"));
        Assert.DoesNotContain("£", page.QuerySelector("fieldset[data-field=courseId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", page.QuerySelector("[data-choice=when]")!.TextContent);
    }

    [Fact]
    public async Task Any_suitable_course_comes_first_takes_the_fields_id_and_is_chosen_unless_a_course_is()
    {
        using var page = await RenderAsync(new FreePlaceFormState { IdempotencyKey = "k", CourseId = "any" }, Choice());

        var any = page.QuerySelector<IHtmlInputElement>("#f-courseId")!;
        Assert.Equal(("any", true), (any.Value, any.IsChecked));
        Assert.Equal(FreePlaceFormView.AnyCourseHeading, any.Closest("label")!.QuerySelector("[data-choice=course]")!.TextContent);

        using var forOne = await RenderAsync(new FreePlaceFormState { IdempotencyKey = "k", CourseId = "massage-test" }, Choice(), Choice(id: "other"));
        Assert.Equal(("massage-test", true), (forOne.QuerySelector<IHtmlInputElement>("#f-courseId")!.Value, forOne.QuerySelector<IHtmlInputElement>("#f-courseId")!.IsChecked));
        Assert.Equal(["any", "other"], forOne.QuerySelectorAll<IHtmlInputElement>("details.course-more input").Select(i => i.Value));
    }

    [Fact]
    public async Task Privacy_is_one_sentence_said_once_beside_the_consent_box()
    {
        using var page = await RenderAsync(new FreePlaceFormState { IdempotencyKey = "k" }, Choice());
        var sentence = Wording.PrivacySentence;

        Assert.Single(page.Body!.TextContent.Split(sentence)[1..]);
        Assert.Equal(sentence, page.QuerySelector("#consentToStore-hint")!.TextContent);
        Assert.Matches("^[^.]+\\.$", sentence);
    }

    [Fact]
    public async Task Referral_choices_are_a_radio_group_in_the_familys_words()
    {
        using var page = await RenderAsync(new FreePlaceFormState { IdempotencyKey = "k", ReferralSource = "Self" }, Choice());

        var group = page.QuerySelector("fieldset[data-field=referralSource]")!;
        Assert.Equal("How did you hear about us?", group.QuerySelector("legend")!.TextContent);
        Assert.Equal(["Mind Hull and East Yorkshire", "My health visitor", "My GP or midwife", "I found you myself", "Somewhere else"], group.QuerySelectorAll("label span").Select(s => s.TextContent));
        Assert.True(group.QuerySelector<IHtmlInputElement>("input[value=Self]")!.IsChecked);
    }

    [Fact]
    public async Task Hostile_text_in_every_field_and_setting_is_shown_as_text_and_errors_follow_the_forms_order()
    {
        var state = new FreePlaceFormState
        {
            CourseId = Hostile,
            ParentName = Hostile + "parent",
            Email = Hostile + "email",
            Phone = Hostile + "phone",
            BabyFirstName = Hostile + "baby",
            BabyDateOfBirth = Hostile + "dob",
            ReferralSource = Hostile,
            Note = Hostile + "note",
            LeaveThisEmpty = Hostile + "honeypot",
            IdempotencyKey = Hostile + "key",
            Message = Hostile + "message",
            Errors = new Dictionary<string, string[]> { ["consentToStore"] = [Hostile + "consent"], ["referralSource"] = ["Please tell us how you heard about us."], ["<img src=x>"] = [Hostile + "stray"] },
        };
        var wording = new FreePlaceWording(Hostile + "business", Hostile + "charity", 30, Hostile + "within");

        var html = await HtmlAsync(state, wording, Choice(id: Hostile, title: Hostile + "title"));

        HostileHtml.AssertOnlyText(
            html, Hostile + "parent", Hostile + "email", Hostile + "phone", Hostile + "baby", Hostile + "dob", Hostile + "note", Hostile + "honeypot",
            Hostile + "key", Hostile + "message", Hostile + "consent", Hostile + "stray", Hostile + "business", Hostile + "charity", Hostile + "within", Hostile + "title");
        using var page = HostileHtml.Parse(html);
        Assert.Equal(Hostile + "note", page.QuerySelector<IHtmlTextAreaElement>("#f-note")!.Value);
        var links = page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.True(links.IndexOf("#f-referralSource") < links.IndexOf("#f-consentToStore"));
        Assert.Equal("referralSource-error", page.QuerySelector("fieldset[data-field=referralSource]")!.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task The_thank_you_card_gives_the_reference_the_course_and_when_to_expect_a_reply()
    {
        var html = await TestPages.Renderer.RenderAsync<FreePlaceResult>(new FreePlaceResultModel(false, Hostile + "message", "ABCD-EFGH", Hostile + "course", Wording));

        HostileHtml.AssertOnlyText(html, Hostile + "message", Hostile + "course");
        using var page = HostileHtml.Parse(html);
        Assert.False(page.QuerySelector("#confirmation")!.HasAttribute("hidden"));
        Assert.Equal(FreePlaceFormView.ConfirmationTitle, page.QuerySelector("#confirmation")!.GetAttribute("data-title"));
        Assert.Equal("ABCD-EFGH", page.QuerySelector("[data-slot=reference]")!.TextContent);
        Assert.Contains("will reply by email within five working days.", page.Body!.TextContent, StringComparison.Ordinal);
    }
}
