using AngleSharp.Dom;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Components;

namespace HappyBabyHive.Tests.Forms;

/// <summary>
/// The shared form parts as a browser reads them: the ids, aria links and slots forms.js and the error summary rely
/// on, and hostile text in every field shown as text.
/// </summary>
public sealed class FormPartsTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private static async Task<IDocument> RenderAsync<TComponent>(object model)
        where TComponent : IComponent =>
        HostileHtml.Parse(await TestPages.Renderer.RenderAsync<TComponent>(model));

    [Fact]
    public async Task A_text_field_links_its_label_hint_and_error_to_the_input_and_keeps_what_was_typed()
    {
        var html = await TestPages.Renderer.RenderAsync<TextField>(new TextFieldModel("email", Hostile + "label", Hostile + "value")
        {
            Type = "email",
            Autocomplete = "email",
            Hint = Hostile + "hint",
            Error = Hostile + "error",
            InputAttributes = new Dictionary<string, object> { ["spellcheck"] = "false", ["max"] = Hostile },
        });
        HostileHtml.AssertOnlyText(html, Hostile + "label", Hostile + "value", Hostile + "hint", Hostile + "error");
        using var document = HostileHtml.Parse(html);

        var container = document.QuerySelector("div[data-field=email]")!;
        Assert.Equal("field invalid", container.ClassName);
        Assert.Equal("email-hint", container.GetAttribute("data-hint-id"));
        var input = document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#f-email")!;
        Assert.Equal(Hostile + "value", input.Value);
        Assert.Equal("email", input.Type);
        Assert.Equal("email", input.GetAttribute("autocomplete"));
        Assert.Equal("email-hint email-error", input.GetAttribute("aria-describedby"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("false", input.GetAttribute("spellcheck"));
        Assert.Equal(Hostile, input.GetAttribute("max"));
        Assert.Equal("f-email", document.QuerySelector("label")!.GetAttribute("for"));
        var error = document.QuerySelector("#email-error")!;
        Assert.False(error.HasAttribute("hidden"));
        Assert.Equal("Error: " + Hostile + "error", error.TextContent);
        Assert.Equal(Hostile + "error", error.QuerySelector("[data-error-text]")!.TextContent);
        Assert.Equal(Hostile + "hint", document.QuerySelector("#email-hint")!.TextContent);
    }

    [Fact]
    public async Task A_field_without_a_hint_or_error_has_an_empty_hidden_error_slot_and_no_aria_links()
    {
        using var document = await RenderAsync<TextField>(new TextFieldModel("parentName", "Your name", null));

        var input = document.QuerySelector("#f-parentName")!;
        Assert.Equal(string.Empty, input.GetAttribute("value"));
        Assert.False(input.HasAttribute("aria-describedby"));
        Assert.False(input.HasAttribute("aria-invalid"));
        Assert.Equal("field", document.QuerySelector("[data-field=parentName]")!.ClassName);
        Assert.False(document.QuerySelector("[data-field=parentName]")!.HasAttribute("data-hint-id"));
        Assert.True(document.QuerySelector("#parentName-error")!.HasAttribute("hidden"));
        Assert.Null(document.QuerySelector(".hint"));
    }

    [Fact]
    public async Task A_text_area_keeps_hostile_text_as_its_value()
    {
        var html = await TestPages.Renderer.RenderAsync<TextArea>(new TextAreaModel("note", "Anything else", Hostile) { Hint = "Optional", Error = Hostile });
        HostileHtml.AssertOnlyText(html, Hostile);
        using var document = HostileHtml.Parse(html);

        var area = document.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("textarea#f-note")!;
        Assert.Equal(Hostile, area.Value);
        Assert.Equal("note-hint note-error", area.GetAttribute("aria-describedby"));
        Assert.Equal("5", area.GetAttribute("rows"));
    }

    [Fact]
    public async Task A_checkbox_posts_true_and_shows_an_https_link_in_its_label_but_never_another_scheme()
    {
        var html = await TestPages.Renderer.RenderAsync<Checkbox>(new CheckboxModel("acceptTerms", "I accept the", IsChecked: true)
        {
            Hint = Hostile,
            Error = Hostile,
            Link = new LabelLink("booking terms (opens in a new tab)", new Uri("https://example.test/terms?a=1&b=<2>")),
        });
        HostileHtml.AssertOnlyText(html, Hostile);
        using var document = HostileHtml.Parse(html);

        var box = document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#f-acceptTerms")!;
        Assert.True(box.IsChecked);
        Assert.Equal("true", box.Value);
        Assert.Equal("acceptTerms-hint acceptTerms-error", box.GetAttribute("aria-describedby"));
        Assert.Equal("I accept the booking terms (opens in a new tab)", document.QuerySelector("label.checkbox > span")!.TextContent);
        var link = document.QuerySelector("label.checkbox a")!;
        Assert.Equal("https://example.test/terms?a=1&b=<2>", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener", link.GetAttribute("rel"));

        using var unsafeLink = await RenderAsync<Checkbox>(new CheckboxModel("acceptTerms", "I accept the", false)
        {
            Link = new LabelLink("terms", new Uri("javascript:alert(1)")),
        });
        Assert.Null(unsafeLink.QuerySelector("a"));
        Assert.Equal("I accept the terms", unsafeLink.QuerySelector("label.checkbox > span")!.TextContent);
        Assert.False(unsafeLink.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#f-acceptTerms")!.IsChecked);
    }

    [Fact]
    public async Task A_radio_group_gives_the_first_radio_the_fields_id_and_the_fieldset_the_hint_and_error()
    {
        var html = await TestPages.Renderer.RenderAsync<RadioGroup>(new RadioGroupModel(
            "referralSource", Hostile, [new("Self", Hostile), new("Other", "Somewhere else")], "Other") { Error = Hostile });
        HostileHtml.AssertOnlyText(html, Hostile);
        using var document = HostileHtml.Parse(html);

        var fieldset = document.QuerySelector("fieldset[data-field=referralSource]")!;
        Assert.Equal("referralSource-error", fieldset.GetAttribute("aria-describedby"));
        Assert.Equal(Hostile, fieldset.QuerySelector("legend")!.TextContent);
        var radios = document.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("input[type=radio]").ToList();
        Assert.Equal(["f-referralSource", "f-referralSource-Other"], radios.Select(r => r.Id));
        Assert.Equal([false, true], radios.Select(r => r.IsChecked));
        Assert.All(radios, r => Assert.Equal("true", r.GetAttribute("aria-invalid")));
    }

    [Fact]
    public async Task The_error_summary_is_hidden_until_there_is_a_problem_then_takes_focus_and_links_to_each_field_in_order()
    {
        using var quiet = await RenderAsync<ErrorSummary>(new ErrorSummaryModel([], null));
        var summary = quiet.QuerySelector("#error-summary")!;
        Assert.True(summary.HasAttribute("hidden"));
        Assert.False(summary.HasAttribute("autofocus"));
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        Assert.True(quiet.QuerySelector("[data-summary-message]")!.HasAttribute("hidden"));
        Assert.Empty(quiet.QuerySelectorAll("[data-summary-list] li"));

        var errors = new Dictionary<string, string[]> { ["email"] = [Hostile], ["courseId"] = ["Choose a course.", "Really."] };
        var html = await TestPages.Renderer.RenderAsync<ErrorSummary>(ErrorSummaryModel.From(errors, Hostile + "message", ["courseId", "email"]));
        HostileHtml.AssertOnlyText(html, Hostile, Hostile + "message");
        using var loud = HostileHtml.Parse(html);
        summary = loud.QuerySelector("#error-summary")!;
        Assert.False(summary.HasAttribute("hidden"));
        Assert.True(summary.HasAttribute("autofocus"));
        Assert.Equal(Hostile + "message", loud.QuerySelector("[data-summary-message]")!.TextContent);
        var links = loud.QuerySelectorAll("[data-summary-list] a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal([("#f-courseId", "Choose a course."), ("#f-courseId", "Really."), ("#f-email", Hostile)], links);
    }

    [Fact]
    public async Task The_honeypot_is_hidden_from_people_and_keeps_what_a_bot_posted()
    {
        var html = await TestPages.Renderer.RenderAsync<Honeypot>(new HoneypotModel("leaveThisEmpty", Hostile));
        HostileHtml.AssertOnlyText(html, Hostile);
        using var document = HostileHtml.Parse(html);

        var wrapper = document.QuerySelector("div.visually-hidden")!;
        Assert.Equal("true", wrapper.GetAttribute("aria-hidden"));
        var input = wrapper.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input#f-leaveThisEmpty")!;
        Assert.Equal("-1", input.GetAttribute("tabindex"));
        Assert.Equal("off", input.GetAttribute("autocomplete"));
        Assert.Equal(Hostile, input.Value);
    }

    [Fact]
    public async Task The_submit_button_carries_its_sending_words_and_a_live_status_line_only_for_an_enhanced_form()
    {
        using var enhanced = await RenderAsync<SubmitButton>(new SubmitButtonModel(Hostile, "Booking…"));
        Assert.Equal(Hostile, enhanced.QuerySelector("button[type=submit]")!.TextContent);
        Assert.Equal("Booking…", enhanced.QuerySelector("button")!.GetAttribute("data-sending-text"));
        Assert.Equal("polite", enhanced.QuerySelector("[data-status]")!.GetAttribute("aria-live"));

        using var plain = await RenderAsync<SubmitButton>(new SubmitButtonModel("Save"));
        Assert.False(plain.QuerySelector("button")!.HasAttribute("data-sending-text"));
        Assert.Null(plain.QuerySelector("[data-status]"));
    }
}
