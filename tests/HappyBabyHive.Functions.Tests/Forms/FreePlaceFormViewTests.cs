using HappyBabyHive.Tests.Support;
using HappyBabyHive.Web.Forms;

namespace HappyBabyHive.Tests.Forms;

public sealed class FreePlaceFormViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FreePlaceFormWording Wording = new("The Happy Baby Hive", "Mind Hull and East Yorkshire", 30, "within five working days");

    private static CourseChoice Choice(string id = "massage-test", string title = "Baby Massage for Little Ones", DateOnly? first = null) =>
        CourseChoice.From(SampleCourses.Massage(first ?? new DateOnly(2027, 1, 5), id) with { Title = title }, Now);

    private static string Render(FreePlaceFormState state, params CourseChoice[] courses) =>
        FreePlaceFormView.Render(courses, state, FormTestSupport.Today, "../free-place-requests", Wording);

    [Fact]
    public void Only_courses_taking_bookings_are_offered_and_without_price_or_places()
    {
        var started = Choice(id: "started", first: new DateOnly(2026, 11, 24));

        var html = System.Net.WebUtility.HtmlDecode(Render(new FreePlaceFormState { IdempotencyKey = "k" }, Choice(), started));

        Assert.Contains("value=\"massage-test\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"started\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("places left", html, StringComparison.Ordinal);
        Assert.Contains("Tuesdays 10:00–11:00, 5 Jan – 2 Feb", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Privacy_is_one_sentence_said_once_beside_the_consent_box()
    {
        var html = System.Net.WebUtility.HtmlDecode(Render(new FreePlaceFormState { IdempotencyKey = "k" }, Choice()));
        var sentence = FreePlaceFormView.PrivacySentence(Wording);

        Assert.Single(html.Split(sentence)[1..]);
        Assert.Contains($"<p class=\"hint\" id=\"consentToStore-hint\">{sentence}</p>", html, StringComparison.Ordinal);
        Assert.Matches("^[^.]+\\.$", sentence);
    }

    [Fact]
    public void Every_user_value_and_a_hostile_course_are_encoded_and_errors_follow_the_forms_order()
    {
        const string hostile = FormTestSupport.Hostile;
        var state = new FreePlaceFormState
        {
            CourseId = hostile,
            ParentName = hostile,
            Email = hostile,
            Phone = hostile,
            BabyFirstName = hostile,
            BabyDateOfBirth = hostile,
            ReferralSource = hostile,
            Note = hostile + "</textarea><script>",
            LeaveThisEmpty = hostile,
            IdempotencyKey = hostile,
            Message = hostile,
            Errors = new Dictionary<string, string[]> { ["consentToStore"] = [hostile], ["referralSource"] = ["Please tell us how you heard about us."], ["<img src=x>"] = [hostile] },
        };

        var html = Render(state, Choice(id: "x\"><script>", title: hostile));

        FormTestSupport.AssertEncoded(html);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</textarea><script>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("href=\"#f-referralSource\"", StringComparison.Ordinal) < html.IndexOf("href=\"#f-consentToStore\"", StringComparison.Ordinal));
        Assert.Contains("<fieldset class=\"field invalid\" data-field=\"referralSource\" aria-describedby=\"referralSource-error\">", html, StringComparison.Ordinal);
    }
}
