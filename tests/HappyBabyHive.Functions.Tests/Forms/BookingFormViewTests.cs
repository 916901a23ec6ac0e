using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.TestSupport;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Forms;

namespace HappyBabyHive.Tests.Forms;

/// <summary>The booking form and its result card as a browser reads them (parsed, not substrings).</summary>
public sealed class BookingFormViewTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    internal static CourseOption Choice(
        string title = "Baby Massage for Little Ones", string id = "massage-test", int freePlaces = 2, int taken = 0, CourseKind kind = CourseKind.BabyMassage, DateOnly? first = null) =>
        CourseChoices.From(SampleCourses.Massage(first ?? new DateOnly(2027, 1, 5), id, freePlaces: freePlaces) with { Title = title, GeneralPlacesTaken = taken, Kind = kind }, Now);

    private static BookingFormState State(Func<BookingFormState, BookingFormState>? change = null)
    {
        var state = new BookingFormState { IdempotencyKey = "key-1" };
        return change is null ? state : change(state);
    }

    private static Task<string> HtmlAsync(IReadOnlyList<CourseOption> courses, BookingFormState? state = null, string? termsUrl = null) =>
        TestPages.Renderer.RenderAsync<BookingFormView>(BookingFormPage.Model(courses, state ?? State(), Today, termsUrl));

    private static async Task<IDocument> RenderAsync(IReadOnlyList<CourseOption> courses, BookingFormState? state = null, string? termsUrl = null) =>
        HostileHtml.Parse(await HtmlAsync(courses, state, termsUrl));

    private static IElement Card(IDocument page, string courseId) => page.QuerySelector($"input[value='{courseId}']")!.Closest("label.course-option")!;

    [Fact]
    public async Task A_course_card_shows_its_dates_in_words_venue_price_age_and_places()
    {
        using var page = await RenderAsync([Choice(), Choice(id: "full", taken: 8)]);

        var card = Card(page, "massage-test");
        Assert.Equal("Baby Massage for Little Ones", card.QuerySelector("[data-choice=course]")!.TextContent);
        Assert.Equal("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", card.QuerySelector("[data-choice=when]")!.TextContent);
        Assert.Equal("The Hive Room · £60", card.QuerySelectorAll(".course-meta")[1].TextContent);
        Assert.Equal("The Hive Room", card.QuerySelector("[data-choice=venue]")!.TextContent);
        Assert.Equal("8 places left", card.QuerySelector(".availability")!.TextContent);
        Assert.Equal("Full: join the waitlist", Card(page, "full").QuerySelector(".availability")!.TextContent);
        Assert.Equal("Choose a course", page.QuerySelector("fieldset[data-field=courseId] > legend")!.TextContent);
    }

    [Theory]
    [InlineData("Baby Massage for Little Ones", "Baby Massage for Little Ones")]
    [InlineData("Gentle baby massage", "Gentle baby massage")]
    [InlineData("Little Ones in Cottingham", "Baby massage: Little Ones in Cottingham")]
    public async Task A_card_names_the_kind_only_when_the_title_does_not_already_say_it(string title, string heading)
    {
        using var page = await RenderAsync([Choice(title: title)]);

        Assert.Equal(heading, page.QuerySelector("[data-choice=course]")!.TextContent);
    }

    [Fact]
    public async Task Opened_for_one_course_the_form_shows_that_card_alone_with_the_others_behind_choose_a_different_course()
    {
        var courses = new[] { Choice(id: "first"), Choice(id: "chosen"), Choice(id: "yoga", title: "Yoga", kind: CourseKind.BabyYoga) };
        using var page = await RenderAsync(courses, State(s => s with { CourseId = "chosen" }));

        var fieldset = page.QuerySelector("fieldset[data-field=courseId]")!;
        var shown = fieldset.Children.Where(e => e.LocalName == "label").ToList();
        var chosen = Assert.Single(shown).QuerySelector<IHtmlInputElement>("input")!;
        Assert.Equal(("chosen", "f-courseId", true), (chosen.Value, chosen.Id, chosen.IsChecked));
        var more = fieldset.QuerySelector("details.course-more")!;
        Assert.False(more.HasAttribute("open"));
        Assert.Equal("Choose a different course", more.QuerySelector("summary")!.TextContent);
        Assert.Equal(["first", "yoga"], more.QuerySelectorAll<IHtmlInputElement>("input[type=radio]").Select(r => r.Value));
        Assert.Equal("f-courseId-first", more.QuerySelector("input")!.Id);
        Assert.All(more.QuerySelectorAll("details.course-group"), g => Assert.True(g.HasAttribute("open"), "one press shows the other courses"));
    }

    [Fact]
    public async Task Opened_without_a_course_the_list_is_grouped_by_kind_and_collapsed()
    {
        var courses = new[] { Choice(id: "m1"), Choice(id: "y1", title: "Yoga", kind: CourseKind.BabyYoga), Choice(id: "m2") };
        using var page = await RenderAsync(courses);

        var groups = page.QuerySelectorAll("fieldset[data-field=courseId] > details.course-group").ToList();
        Assert.Equal(["Baby massage (2 courses)", "Baby yoga (1 course)"], groups.Select(g => g.QuerySelector("summary")!.TextContent));
        Assert.All(groups, g => Assert.False(g.HasAttribute("open")));
        Assert.Equal(["m1", "m2"], groups[0].QuerySelectorAll<IHtmlInputElement>("input").Select(r => r.Value));
        Assert.Equal("f-courseId", page.QuerySelector<IHtmlInputElement>("input[value=m1]")!.Id);
        Assert.Null(page.QuerySelector("details.course-more"));
    }

    [Fact]
    public async Task A_group_opens_for_an_error_so_the_summary_link_lands_on_a_visible_course()
    {
        var courses = new[] { Choice(id: "m1"), Choice(id: "y1", title: "Yoga", kind: CourseKind.BabyYoga), Choice(id: "m2") };
        var problem = new Dictionary<string, string[]> { ["courseId"] = ["That course is full."] };
        using var page = await RenderAsync(courses, State(s => s with { CourseId = "m2", Errors = problem }));

        Assert.All(page.QuerySelectorAll("details.course-group"), g => Assert.True(g.HasAttribute("open")));
        Assert.Null(page.QuerySelector("details.course-more"));
        Assert.True(page.QuerySelector<IHtmlInputElement>("input[value=m2]")!.IsChecked);
    }

    [Fact]
    public async Task A_short_list_is_not_collapsed()
    {
        using var page = await RenderAsync([Choice(id: "m1"), Choice(id: "y1", title: "Yoga", kind: CourseKind.BabyYoga)]);

        Assert.All(page.QuerySelectorAll("details.course-group"), g => Assert.True(g.HasAttribute("open")));
    }

    [Fact]
    public async Task A_course_not_taking_bookings_is_shown_disabled_and_never_checked_or_compact()
    {
        var closed = Choice(id: "started", first: new DateOnly(2026, 11, 24));
        using var page = await RenderAsync([closed, Choice()], State(s => s with { CourseId = "started" }));

        var radio = page.QuerySelector<IHtmlInputElement>("input[value=started]")!;
        Assert.True(radio.IsDisabled);
        Assert.False(radio.IsChecked);
        Assert.Equal("Not taking bookings", Card(page, "started").QuerySelector(".availability")!.TextContent);
        Assert.Null(page.QuerySelector("details.course-more"));
    }

    [Fact]
    public async Task Fields_have_labels_phone_friendly_types_autocomplete_a_key_and_a_hidden_honeypot()
    {
        using var page = await RenderAsync([Choice()]);

        var form = page.QuerySelector<IHtmlFormElement>("form")!;
        Assert.Equal(("post", "booking", "booking", "../bookings"), (form.Method, form.GetAttribute("action"), form.GetAttribute("data-enhance"), form.GetAttribute("data-api")));
        Assert.True(form.HasAttribute("novalidate"));
        Assert.Equal(BookingFormView.ReusedKeyMessage, form.GetAttribute("data-reused-message"));
        Assert.Equal(BookingFormView.CourseGoneMessage, form.GetAttribute("data-course-gone-message"));
        Assert.Equal("Your name", page.QuerySelector("label[for=f-parentName]")!.TextContent);
        Assert.Equal(("email", "email", "false"), Input(page, "email"));
        Assert.Equal(("tel", "tel", null), Input(page, "phone"));
        Assert.Equal(("date", "off", null), Input(page, "babyDateOfBirth"));
        Assert.Equal("2026-12-01", page.QuerySelector("#f-babyDateOfBirth")!.GetAttribute("max"));
        Assert.Equal("key-1", page.QuerySelector<IHtmlInputElement>("input[type=hidden][name=idempotencyKey]")!.Value);
        Assert.Equal("true", page.QuerySelector("#f-leaveThisEmpty")!.Closest("div")!.GetAttribute("aria-hidden"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.True(page.QuerySelector("#error-summary")!.HasAttribute("hidden"));
        var button = page.QuerySelector("button[type=submit]")!;
        Assert.Equal(("Book my place", "Booking…"), (button.TextContent, button.GetAttribute("data-sending-text")));
        Assert.True(page.QuerySelector("#confirmation")!.HasAttribute("hidden"));

        static (string?, string?, string?) Input(IDocument page, string name)
        {
            var input = page.QuerySelector("#f-" + name)!;
            return (input.GetAttribute("type"), input.GetAttribute("autocomplete"), input.GetAttribute("spellcheck"));
        }
    }

    [Fact]
    public async Task The_terms_box_links_to_the_terms_only_when_they_are_configured_and_says_the_link_opens_a_new_tab()
    {
        using var without = await RenderAsync([Choice()]);
        using var with = await RenderAsync([Choice()], termsUrl: "https://www.happybabyhive.test/terms?a=1&b=<2>");

        Assert.Equal("I accept the booking terms", without.QuerySelector("label[for=f-acceptTerms] > span")!.TextContent);
        Assert.Null(without.QuerySelector("label[for=f-acceptTerms] a"));
        Assert.Equal("I accept the booking terms (opens in a new tab)", with.QuerySelector("label[for=f-acceptTerms] > span")!.TextContent);
        var link = with.QuerySelector("label[for=f-acceptTerms] a")!;
        Assert.Equal(("https://www.happybabyhive.test/terms?a=1&b=<2>", "_blank", "noopener"), (link.GetAttribute("href"), link.GetAttribute("target"), link.GetAttribute("rel")));
    }

    [Fact]
    public async Task The_tips_box_shows_the_consent_wording_whose_version_the_booking_records()
    {
        using var page = await RenderAsync([Choice()]);

        Assert.Equal(HappyBabyHive.WellbeingTips.ConsentWording.Text, page.QuerySelector("label[for=f-wellbeingTipsOptIn] > span")!.TextContent);
    }

    [Fact]
    public async Task With_no_courses_it_says_so_instead_of_showing_a_form()
    {
        using var page = await RenderAsync([]);

        Assert.Null(page.QuerySelector("form"));
        Assert.Contains("There are no courses open for booking just now.", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_every_field_and_course_value_is_shown_as_text()
    {
        var state = State(s => s with
        {
            CourseId = Hostile,
            ParentName = Hostile + "parent",
            Email = Hostile + "email",
            Phone = Hostile + "phone",
            BabyFirstName = Hostile + "baby",
            BabyDateOfBirth = Hostile + "dob",
            LeaveThisEmpty = Hostile + "honeypot",
            IdempotencyKey = Hostile + "key",
            Message = Hostile + "message",
            Errors = new Dictionary<string, string[]> { ["parentName"] = [Hostile + "error"], ["<img src=x>"] = [Hostile + "stray"] },
        });
        var course = Choice(title: Hostile + "title", id: Hostile) with { Venue = Hostile + "venue", When = Hostile + "when", Availability = Hostile + "places" };

        var html = await HtmlAsync([course], state, termsUrl: "https://example.test/" + Uri.EscapeDataString(Hostile));

        HostileHtml.AssertOnlyText(
            html, Hostile + "parent", Hostile + "email", Hostile + "phone", Hostile + "baby", Hostile + "dob", Hostile + "honeypot", Hostile + "key",
            Hostile + "message", Hostile + "error", Hostile + "stray", Hostile + "title", Hostile + "venue", Hostile + "when", Hostile + "places");
    }

    [Fact]
    public async Task A_field_error_is_beside_its_field_linked_by_aria_and_listed_in_a_focused_summary_in_the_forms_order()
    {
        var state = State(s => s with
        {
            Email = "nope",
            Errors = new Dictionary<string, string[]> { ["email"] = ["That doesn't look like an email address."], ["courseId"] = ["Please choose a course."] },
        });

        using var page = await RenderAsync([Choice()], state);

        var summary = page.QuerySelector("#error-summary")!;
        Assert.True(summary.HasAttribute("autofocus"));
        Assert.False(summary.HasAttribute("hidden"));
        Assert.Equal(["#f-courseId", "#f-email"], summary.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal("Error: That doesn't look like an email address.", page.QuerySelector("#email-error:not([hidden])")!.TextContent);
        var email = page.QuerySelector<IHtmlInputElement>("#f-email")!;
        Assert.Equal(("nope", "email-hint email-error", "true"), (email.Value, email.GetAttribute("aria-describedby"), email.GetAttribute("aria-invalid")));
        Assert.Equal("field invalid", page.QuerySelector("div[data-field=email]")!.ClassName);
        Assert.Equal("courseId-hint courseId-error", page.QuerySelector("fieldset[data-field=courseId]")!.GetAttribute("aria-describedby"));
        Assert.True(page.QuerySelector("#parentName-error")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task The_confirmation_gives_the_reference_the_course_and_what_happens_next()
    {
        var model = new BookingResultModel(false, "Booked.", "K7M3-Q9XP", Hostile + "course", "Tuesdays 10:00–11:00, 5 Jan – 2 Feb", "The Hive Room", Waitlisted: false);

        var html = await TestPages.Renderer.RenderAsync<BookingResult>(model);

        HostileHtml.AssertOnlyText(html, Hostile + "course");
        using var page = HostileHtml.Parse(html);
        Assert.Equal("You're booked", model.Title);
        var card = page.QuerySelector("section#confirmation")!;
        Assert.False(card.HasAttribute("hidden"));
        Assert.Equal(("You're booked", "You're on the waitlist"), (card.GetAttribute("data-title"), card.GetAttribute("data-title-waitlisted")));
        Assert.Equal("K7M3-Q9XP", page.QuerySelector("[data-slot=reference]")!.TextContent);
        Assert.Equal("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", page.QuerySelector("[data-slot=when]")!.TextContent);
        Assert.False(page.QuerySelector("li[data-hide-if-status=waitlisted]")!.HasAttribute("hidden"));
        Assert.True(page.QuerySelector("li[data-show-if-status=waitlisted]")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task A_waitlisted_confirmation_says_so()
    {
        var model = new BookingResultModel(false, "You're number 2 on the waitlist.", "K7M3-Q9XP", "Baby Massage", null, null, Waitlisted: true);

        using var page = HostileHtml.Parse(await TestPages.Renderer.RenderAsync<BookingResult>(model));

        Assert.Equal("You're on the waitlist", model.Title);
        Assert.Contains("number 2 on the waitlist", page.QuerySelector("[data-slot=message]")!.TextContent, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("li[data-hide-if-status=waitlisted]")!.HasAttribute("hidden"));
        Assert.False(page.QuerySelector("li[data-show-if-status=waitlisted]")!.HasAttribute("hidden"));
    }

    [Fact]
    public void Posted_fields_map_to_the_booking_request_and_a_missing_key_gets_a_new_one()
    {
        var state = BookingFormState.FromForm(new Dictionary<string, string>
        {
            ["courseId"] = "massage-test",
            ["parentName"] = "Sam",
            ["acceptTerms"] = "true",
            ["wellbeingTipsOptIn"] = "on",
        });

        var request = state.ToRequest();

        Assert.Equal(("massage-test", "Sam", true, true), (request.CourseId, request.ParentName, request.AcceptTerms, request.WellbeingTipsOptIn));
        Assert.Equal(32, state.IdempotencyKey.Length);
    }

    private static Task<IDocument> PaidRenderAsync(IReadOnlyList<CourseOption> courses, BookingFormState? state = null, bool cardPayments = true) =>
        RenderModelAsync(BookingFormPage.Model(courses, state ?? State(), Today, null) with { CardPayments = cardPayments });

    private static async Task<IDocument> RenderModelAsync(BookingFormModel model) =>
        HostileHtml.Parse(await TestPages.Renderer.RenderAsync<BookingFormView>(model));

    private static CourseOption PayAnotherWayChoice(string id = "pay-later", string title = "Baby Massage for Little Ones") =>
        CourseChoices.From(SampleCourses.Massage(new DateOnly(2027, 1, 5), id) with { Title = title, PayAnotherWayAllowed = true }, Now);

    [Fact]
    public async Task With_card_payments_on_and_a_course_that_allows_it_the_form_asks_how_to_pay_card_first_and_marks_that_course()
    {
        using var page = await PaidRenderAsync([Choice(id: "card-only"), PayAnotherWayChoice()]);

        var group = page.QuerySelector("[data-payment-choice] fieldset[data-field=paymentMethod]")!;
        Assert.Equal("How would you like to pay?", group.QuerySelector("legend")!.TextContent);
        var radios = group.QuerySelectorAll<IHtmlInputElement>("input[type=radio][name=paymentMethod]").ToList();
        Assert.Equal([("card", "Pay by card now", true), ("anotherWay", "Pay by bank transfer or cash", false)],
            radios.Select(r => (r.Value, page.QuerySelector($"label[for='{r.Id}']")!.TextContent.Trim(), r.IsChecked)));
        Assert.Equal("f-paymentMethod", radios[0].Id); // the error summary's link lands on the first radio
        Assert.Contains(FieldIds.Hint("paymentMethod"), group.GetAttribute("aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("input[value='pay-later']")!.HasAttribute("data-pay-another-way"));
        Assert.False(page.QuerySelector("input[value='card-only']")!.HasAttribute("data-pay-another-way"));
        Assert.Contains("bank transfer or cash", Card(page, "pay-later").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("bank transfer", Card(page, "card-only").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)] // payments off: every paid place is paid another way already, nothing to choose
    [InlineData(true, false)] // no course on offer allows it
    public async Task Without_card_payments_or_a_course_that_allows_another_way_there_is_no_choice(bool cardPayments, bool anyAllows)
    {
        using var page = await PaidRenderAsync(anyAllows ? [Choice(id: "card-only"), PayAnotherWayChoice()] : [Choice(id: "card-only")], cardPayments: cardPayments);

        Assert.Null(page.QuerySelector("[data-payment-choice]"));
        Assert.Empty(page.QuerySelectorAll("input[name=paymentMethod]"));
        Assert.DoesNotContain("bank transfer", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_choice_is_kept_shown_with_its_error_and_linked_from_the_summary()
    {
        var state = State(s => s with
        {
            CourseId = "card-only",
            PaymentMethod = "anotherWay",
            Errors = new Dictionary<string, string[]> { ["paymentMethod"] = ["This course is paid by card when you book."] },
        });

        using var page = await PaidRenderAsync([Choice(id: "card-only"), PayAnotherWayChoice()], state);

        Assert.True(page.QuerySelector<IHtmlInputElement>("#f-paymentMethod-anotherWay")!.IsChecked);
        Assert.Equal("true", page.QuerySelector("#f-paymentMethod")!.GetAttribute("aria-invalid"));
        Assert.Contains("paid by card when you book", page.QuerySelector("fieldset[data-field=paymentMethod]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#f-paymentMethod']"));
    }

    [Fact]
    public async Task Hostile_text_in_a_course_and_a_posted_choice_stays_text()
    {
        var state = State(s => s with { PaymentMethod = Hostile, ParentName = Hostile });

        using var page = await PaidRenderAsync([PayAnotherWayChoice(title: Hostile)], state);

        Assert.Empty(HostileHtml.InjectedMarkup(page));
        Assert.True(page.QuerySelector<IHtmlInputElement>("#f-paymentMethod")!.IsChecked); // an unknown value shows card chosen
        Assert.EndsWith(Hostile, page.QuerySelector("[data-choice=course]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anotherWay", "anotherWay")]
    [InlineData("card", "card")]
    [InlineData("", null)]
    public void The_posted_choice_reaches_the_booking_request(string posted, string? expected)
    {
        var state = BookingFormState.FromForm(new Dictionary<string, string> { ["courseId"] = "pay-later", ["paymentMethod"] = posted });

        Assert.Equal(expected, state.ToRequest().PaymentMethod);
        Assert.Equal(expected, BookingFormPage.Model([], state, Today, null).PaymentMethod);
    }

    [Fact]
    public void The_form_posts_the_values_the_booking_api_accepts()
    {
        Assert.Equal((PaymentChoice.Card, PaymentChoice.AnotherWay), (BookingFormModel.PayByCard, BookingFormModel.PayAnotherWay));
        Assert.Equal("paymentMethod", FieldNames.PaymentMethod);
    }
}
