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
            EmailChecks.Renderer,
            f.Clock);
    }

    private static FreePlaceRequestRecord HostileRequest() =>
        FreePlaceFixtures.Request(FreePlaceFixtures.Hostile, FreePlaceFixtures.Hostile) with { DeclineMessage = FreePlaceFixtures.Hostile + "\nSecond line" };

    private async Task<IReadOnlyList<EmailMessage>> AllEmailsAsync(FreePlaceRequestRecord request) =>
    [
        await composer.ReceivedAsync(request, course, Guid.NewGuid()),
        await composer.ReceivedAsync(request, null, Guid.NewGuid()),
        await composer.OwnerNotificationAsync(request, course, Guid.NewGuid()),
        await composer.OwnerNotificationAsync(request, null, Guid.NewGuid()),
        await composer.DeclinedAsync(request, Guid.NewGuid()),
        await composer.DeclinedAsync(request, Guid.NewGuid(), FreePlaceFixtures.Hostile),
    ];

    [Fact]
    public async Task No_email_ever_contains_the_note()
    {
        foreach (var email in await AllEmailsAsync(FreePlaceFixtures.Request()))
        {
            Assert.DoesNotContain("PRIVATE-NOTE", email.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE-NOTE", email.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("hard time", email.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hostile_text_in_every_field_of_every_email_stays_text()
    {
        foreach (var email in await AllEmailsAsync(HostileRequest()))
        {
            EmailChecks.AssertOnlyText(email, FreePlaceFixtures.Hostile);
            EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        }
    }

    [Fact]
    public async Task The_family_hears_we_have_it_when_to_expect_a_reply_and_their_reference()
    {
        var email = await composer.ReceivedAsync(FreePlaceFixtures.Request(), course with { Title = "Baby Massage" }, Guid.NewGuid());

        Assert.Equal("jo@example.co.uk", email.To.Address);
        Assert.Contains("fp-k7m3q9xpa2", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(f.Options.ReplyWithin, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Baby Massage", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("delete any note you wrote 30 days", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_gets_who_is_asking_and_a_working_review_link_but_not_the_note()
    {
        var email = await composer.OwnerNotificationAsync(FreePlaceFixtures.Request(), null, Guid.NewGuid());

        Assert.Equal("owner@happybabyhive.test", email.To.Address);
        Assert.Equal("Free place request from Jo Bloggs", email.Subject);
        Assert.Contains("Any suitable upcoming course", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("A health visitor", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ada, 8 weeks old", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("you'll see it on the review page", email.TextBody, StringComparison.Ordinal);
        var url = email.TextBody.Split('\n').Single(l => l.StartsWith("https://hive.example/api/free-place-review?token=", StringComparison.Ordinal));
        using (var document = HostileHtml.Parse(email.HtmlBody))
        {
            Assert.Equal(url, Assert.Single(document.QuerySelectorAll("a[href]")).GetAttribute("href"));
        }

        var token = Uri.UnescapeDataString(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("fp-k7m3q9xpa2", f.Links().Verify(token).Subject);
    }

    [Fact]
    public async Task A_decline_is_gentle_carries_the_owners_message_and_the_signposting()
    {
        var request = FreePlaceFixtures.Request() with { DeclineMessage = "We'd love to see you next term.\nTake care." };

        var email = await composer.DeclinedAsync(request, Guid.NewGuid());

        Assert.Contains("We'd love to see you next term.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Take care.", EmailChecks.VisibleText(email), StringComparison.Ordinal);
        Assert.Contains("SIGNPOST: talk to your health visitor.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("isn't a judgement", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("About your request for a free place", email.Subject);
    }

    [Fact]
    public async Task A_decline_without_a_message_still_signposts() =>
        Assert.Contains("SIGNPOST", (await composer.DeclinedAsync(FreePlaceFixtures.Request(), Guid.NewGuid())).TextBody, StringComparison.Ordinal);

    [Fact]
    public async Task A_name_with_a_line_break_never_reaches_a_header_as_one()
    {
        var email = await composer.OwnerNotificationAsync(FreePlaceFixtures.Request("Jo\r\nBcc: all@example.com"), null, Guid.NewGuid());
        var sender = new SmtpEmailSender(
            Options.Create(new SmtpOptions()),
            Options.Create(new EmailOptions { SenderAddress = "hello@happybabyhive.test" }),
            Options.Create(f.Business),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpEmailSender>.Instance);

        var mime = sender.ToMime(email);

        Assert.DoesNotContain("\n", mime.Subject, StringComparison.Ordinal);
        Assert.Empty(mime.Bcc);
    }

    [Fact]
    public async Task The_decline_uses_the_signposting_the_owner_saved_encoded()
    {
        var email = await composer.DeclinedAsync(FreePlaceFixtures.Request(), Guid.NewGuid(), "SAVED <b>support</b> line");

        Assert.Contains("SAVED <b>support</b> line", email.TextBody, StringComparison.Ordinal);
        EmailChecks.AssertOnlyText(email, "SAVED <b>support</b> line");
        Assert.DoesNotContain(f.Options.DeclineSignposting, email.TextBody, StringComparison.Ordinal);
    }
}
