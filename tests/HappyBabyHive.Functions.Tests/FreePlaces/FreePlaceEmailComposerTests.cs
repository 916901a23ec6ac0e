using HappyBabyHive.Email;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Options;
using Moq;

namespace HappyBabyHive.Tests.FreePlaces;

public sealed class FreePlaceEmailComposerTests
{
    private readonly FreePlaceFixtures f = new();
    private readonly FreePlaceEmailComposer composer;
    private readonly HappyBabyHive.Courses.Course course = SampleCourses.Massage(new DateOnly(2027, 3, 2)) with { Title = FreePlaceFixtures.Hostile };

    public FreePlaceEmailComposerTests()
    {
        composer = new FreePlaceEmailComposer(
            new HappyBabyHive.Tests.Storage.InMemoryFreePlaceRequestStore(),
            new Mock<HappyBabyHive.Courses.ICourseStore>().Object,
            Options.Create(f.Business),
            Options.Create(f.Options),
            f.Links(),
            new Mock<HappyBabyHive.Settings.IBusinessSettingsStore>().Object,
            f.Clock);
    }

    private static FreePlaceRequestRecord HostileRequest() =>
        FreePlaceFixtures.Request(FreePlaceFixtures.Hostile, FreePlaceFixtures.Hostile) with { DeclineMessage = FreePlaceFixtures.Hostile + "\nSecond line" };

    private IEnumerable<EmailMessage> AllEmails(FreePlaceRequestRecord request) =>
    [
        composer.Received(request, course, Guid.NewGuid()),
        composer.Received(request, null, Guid.NewGuid()),
        composer.OwnerNotification(request, course, Guid.NewGuid()),
        composer.OwnerNotification(request, null, Guid.NewGuid()),
        composer.Declined(request, Guid.NewGuid()),
    ];

    [Fact]
    public void No_email_ever_contains_the_note()
    {
        foreach (var email in AllEmails(FreePlaceFixtures.Request()))
        {
            Assert.DoesNotContain("PRIVATE-NOTE", email.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE-NOTE", email.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("hard time", email.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_user_value_is_html_encoded_in_every_email()
    {
        foreach (var email in AllEmails(HostileRequest()))
        {
            Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=alert(1)>", email.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_family_hears_we_have_it_when_to_expect_a_reply_and_their_reference()
    {
        var email = composer.Received(FreePlaceFixtures.Request(), course with { Title = "Baby Massage" }, Guid.NewGuid());

        Assert.Equal("jo@example.co.uk", email.To.Address);
        Assert.Contains("fp-k7m3q9xpa2", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(f.Options.ReplyWithin, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Baby Massage", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("delete any note you wrote 30 days", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_gets_who_is_asking_and_a_working_review_link_but_not_the_note()
    {
        var email = composer.OwnerNotification(FreePlaceFixtures.Request(), null, Guid.NewGuid());

        Assert.Equal("owner@happybabyhive.test", email.To.Address);
        Assert.Equal("Free place request from Jo Bloggs", email.Subject);
        Assert.Contains("Any suitable upcoming course", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("A health visitor", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ada, 8 weeks old", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("you'll see it on the review page", email.TextBody, StringComparison.Ordinal);
        var url = email.TextBody.Split('\n').Single(l => l.StartsWith("https://hive.example/api/free-place-review?token=", StringComparison.Ordinal));
        Assert.Contains($"href=\"{url.Replace("&", "&amp;", StringComparison.Ordinal)}\"", email.HtmlBody, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("fp-k7m3q9xpa2", f.Links().Verify(token).Subject);
    }

    [Fact]
    public void A_decline_is_gentle_carries_the_owners_message_and_the_signposting()
    {
        var request = FreePlaceFixtures.Request() with { DeclineMessage = "We'd love to see you next term.\nTake care." };

        var email = composer.Declined(request, Guid.NewGuid());

        Assert.Contains("We'd love to see you next term.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Take care.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("SIGNPOST: talk to your health visitor.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("isn't a judgement", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("About your request for a free place", email.Subject);
    }

    [Fact]
    public void A_decline_without_a_message_still_signposts() =>
        Assert.Contains("SIGNPOST", composer.Declined(FreePlaceFixtures.Request(), Guid.NewGuid()).TextBody, StringComparison.Ordinal);

    [Fact]
    public void A_name_with_a_line_break_never_reaches_a_header_as_one()
    {
        var email = composer.OwnerNotification(FreePlaceFixtures.Request("Jo\r\nBcc: all@example.com"), null, Guid.NewGuid());
        var sender = new SmtpEmailSender(
            Options.Create(new SmtpOptions()),
            Options.Create(new EmailOptions { SenderAddress = "hello@happybabyhive.test" }),
            Options.Create(f.Business),
            f.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpEmailSender>.Instance);

        var mime = sender.ToMime(email);

        Assert.DoesNotContain("\n", mime.Subject, StringComparison.Ordinal);
        Assert.Empty(mime.Bcc);
    }

    [Fact]
    public void The_decline_uses_the_signposting_the_owner_saved_encoded()
    {
        var email = composer.Declined(FreePlaceFixtures.Request(), Guid.NewGuid(), "SAVED <b>support</b> line");

        Assert.Contains("SAVED <b>support</b> line", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("SAVED &lt;b&gt;support&lt;/b&gt; line", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Options.DeclineSignposting, email.TextBody, StringComparison.Ordinal);
    }
}
