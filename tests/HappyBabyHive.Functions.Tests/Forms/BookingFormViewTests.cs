using HappyBabyHive.Bookings;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Forms;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Forms;

public sealed class BookingFormViewTests
{
    private const string Hostile = "<script>alert(1)</script>\"' onmouseover=x";
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static CourseChoice Choice(string title = "Baby Massage for Little Ones", string id = "massage-test", int freePlaces = 2, int taken = 0) =>
        CourseChoice.From(SampleCourses.Massage(new DateOnly(2027, 1, 5), id, freePlaces: freePlaces) with { Title = title, GeneralPlacesTaken = taken }, Now);

    private static BookingFormState State(Func<BookingFormState, BookingFormState>? change = null)
    {
        var state = new BookingFormState { IdempotencyKey = "key-1" };
        return change is null ? state : change(state);
    }

    [Fact]
    public void Courses_show_kind_dates_in_words_venue_price_and_places()
    {
        var html = System.Net.WebUtility.HtmlDecode(BookingFormView.Render([Choice(), Choice(id: "full", taken: 8)], State(), Today, "../bookings"));

        Assert.Contains("Baby massage: Baby Massage for Little Ones", html, StringComparison.Ordinal);
        Assert.Contains("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", html, StringComparison.Ordinal);
        Assert.Contains("The Hive Room</span> · £60", html, StringComparison.Ordinal);
        Assert.Contains("8 places left", html, StringComparison.Ordinal);
        Assert.Contains("Full: join the waitlist", html, StringComparison.Ordinal);
        Assert.Contains("<fieldset", html, StringComparison.Ordinal);
        Assert.Contains("<legend>Choose a course</legend>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_have_labels_phone_friendly_types_autocomplete_a_key_and_a_hidden_honeypot()
    {
        var html = BookingFormView.Render([Choice()], State(), Today, "../bookings");

        Assert.Contains("<label for=\"f-parentName\">Your name</label>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"email\" value=\"\" autocomplete=\"email\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"tel\" value=\"\" autocomplete=\"tel\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"date\"", html, StringComparison.Ordinal);
        Assert.Contains("max=\"2026-12-01\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"idempotencyKey\" value=\"key-1\"", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"visually-hidden\" aria-hidden=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"leaveThisEmpty\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" hidden", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_terms_box_links_to_the_terms_only_when_they_are_configured_and_says_the_link_opens_a_new_tab()
    {
        var without = BookingFormView.Render([Choice()], State(), Today, "../bookings");
        var with = BookingFormView.Render([Choice()], State(), Today, "../bookings", "https://www.happybabyhive.test/terms?a=1&b=<2>");

        Assert.Contains("<span>I accept the booking terms</span>", without, StringComparison.Ordinal);
        Assert.DoesNotContain("target=\"_blank\"", without, StringComparison.Ordinal);
        Assert.Contains("<span>I accept the <a href=\"https://www.happybabyhive.test/terms?a=1&amp;b=&lt;2&gt;\" target=\"_blank\" rel=\"noopener\">booking terms (opens in a new tab)</a></span>", with, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tips_box_shows_the_consent_wording_whose_version_the_booking_records()
    {
        var html = System.Net.WebUtility.HtmlDecode(BookingFormView.Render([Choice()], State(), Today, "../bookings"));

        Assert.Contains($"<span>{HappyBabyHive.WellbeingTips.ConsentWording.Text}</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_preselected_course_is_checked()
    {
        var html = BookingFormView.Render([Choice(), Choice(id: "other")], State(s => s with { CourseId = "other" }), Today, "../bookings");

        Assert.Contains("value=\"other\" checked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"massage-test\" checked", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_user_value_and_a_hostile_course_title_are_encoded()
    {
        var state = State(s => s with
        {
            ParentName = Hostile,
            Email = Hostile,
            Phone = Hostile,
            BabyFirstName = Hostile,
            BabyDateOfBirth = Hostile,
            LeaveThisEmpty = Hostile,
            IdempotencyKey = Hostile,
            Message = Hostile,
            Errors = new Dictionary<string, string[]> { ["parentName"] = [Hostile], ["<img src=x>"] = [Hostile] },
        });

        var html = BookingFormView.Render([Choice(title: Hostile, id: "x\"><script>")], state, Today, "\"><script>");

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"' onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_error_is_beside_its_field_linked_by_aria_and_listed_in_a_focused_summary()
    {
        var state = State(s => s with
        {
            Email = "nope",
            Errors = new Dictionary<string, string[]> { ["email"] = ["That doesn't look like an email address."], ["courseId"] = ["Please choose a course."] },
        });

        var html = BookingFormView.Render([Choice()], state, Today, "../bookings");

        Assert.Contains("id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" autofocus", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("href=\"#f-courseId\"", StringComparison.Ordinal) < html.IndexOf("href=\"#f-email\"", StringComparison.Ordinal), "summary follows the form's order");
        Assert.Contains("<p class=\"error\" id=\"email-error\"><span class=\"visually-hidden\">Error: </span><span data-error-text>That doesn&#x27;t look like an email address.</span></p>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"nope\" autocomplete=\"email\" aria-describedby=\"email-hint email-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"field invalid\" data-field=\"email\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"courseId-hint courseId-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\" id=\"parentName-error\" hidden>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_confirmation_gives_the_reference_the_course_and_what_happens_next()
    {
        var booking = BookingResponse.From(new BookingReceipt("K7M3-Q9XP", BookingStatus.Confirmed, null, "massage-test", "Baby Massage for Little Ones"));

        var html = System.Net.WebUtility.HtmlDecode(BookingFormView.RenderConfirmation(booking, Choice()));

        Assert.Equal("You're booked", BookingFormView.ConfirmationTitle(booking));
        Assert.Contains("<span class=\"reference\" data-slot=\"reference\">K7M3-Q9XP</span>", html, StringComparison.Ordinal);
        Assert.Contains("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", html, StringComparison.Ordinal);
        Assert.Contains("What happens next", html, StringComparison.Ordinal);
        Assert.Contains("<li data-hide-if-status=\"waitlisted\">", html, StringComparison.Ordinal);
        Assert.Contains("<li data-show-if-status=\"waitlisted\" hidden>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_waitlisted_confirmation_says_so()
    {
        var booking = BookingResponse.From(new BookingReceipt("K7M3-Q9XP", BookingStatus.Waitlisted, 2, "full", "Baby Massage"));

        var html = BookingFormView.RenderConfirmation(booking, null);

        Assert.Equal("You're on the waitlist", BookingFormView.ConfirmationTitle(booking));
        Assert.Contains("number 2 on the waitlist", html, StringComparison.Ordinal);
        Assert.Contains("<li data-hide-if-status=\"waitlisted\" hidden>", html, StringComparison.Ordinal);
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
        Assert.NotNull(new FakeTimeProvider());
    }
}
