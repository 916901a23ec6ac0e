using HappyBabyHive.Configuration;
using HappyBabyHive.Email;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.WellbeingTips;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.WellbeingTips;

public sealed class TipsEmailsTests
{
    private const string Hostile = "<script>alert('x')</script>\r\nBcc: evil@example.com <img src=x onerror=alert(1)>";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private TipsEmails Emails => new(Options.Create(TipsTestData.Business), TipsTestData.Links(clock), EmailChecks.Renderer);

    [Fact]
    public async Task A_hostile_first_name_is_encoded_in_the_weekly_email_and_never_reaches_the_subject()
    {
        var email = await Emails.WeeklyAsync(TipsTestData.Publication(), TipsTestData.Subscriber(Hostile));

        EmailChecks.AssertOnlyText(email, "<script>alert('x')</script>", "<img src=x onerror=alert(1)>");
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        Assert.DoesNotContain("script", email.Subject, StringComparison.Ordinal);
        Assert.Equal("This week's wellbeing tip: Serve and return", email.Subject);
    }

    [Fact]
    public async Task Hostile_text_in_a_tip_file_is_encoded_too()
    {
        var email = await Emails.WeeklyAsync(TipsTestData.Publication("A <b>bold</b> title", "Body with <a href=\"https://evil.test\">a link</a>."), TipsTestData.Subscriber());

        EmailChecks.AssertOnlyText(email, "A <b>bold</b> title", "Body with <a href=\"https://evil.test\">a link</a>.");
        using var document = HostileHtml.Parse(email.HtmlBody);
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.Contains("evil.test", StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task The_confirm_email_encodes_a_hostile_name_and_links_to_the_confirm_page()
    {
        var email = await Emails.ConfirmAsync(TipsTestData.Subscriber(Hostile), Guid.NewGuid());

        EmailChecks.AssertOnlyText(email, "<script>alert('x')</script>", "<img src=x onerror=alert(1)>");
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        using var document = HostileHtml.Parse(email.HtmlBody);
        Assert.StartsWith("https://func-hbh.azurewebsites.net/api/subscriptions/confirm?token=", Assert.Single(document.QuerySelectorAll("a[href]")).GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("https://func-hbh.azurewebsites.net/api/subscriptions/confirm?token=", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("script", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_weekly_email_carries_one_click_unsubscribe_headers_and_a_link()
    {
        var subscriber = TipsTestData.Subscriber();
        var email = await Emails.WeeklyAsync(TipsTestData.Publication(), subscriber);

        var listUnsubscribe = email.Headers[TipsEmails.ListUnsubscribe];
        Assert.Matches(@"^<https://func-hbh\.azurewebsites\.net/api/subscriptions/unsubscribe\?token=[^>\s]+>, <mailto:owner@happybabyhive\.test\?subject=[^>\s]+>$", listUnsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers[TipsEmails.ListUnsubscribePost]);
        var url = listUnsubscribe[1..listUnsubscribe.IndexOf('>', StringComparison.Ordinal)];
        using (var document = HostileHtml.Parse(email.HtmlBody))
        {
            Assert.Equal(url, Assert.Single(document.QuerySelectorAll("a[href]")).GetAttribute("href"));
        }

        Assert.Contains(url, email.TextBody, StringComparison.Ordinal);
        Assert.Equal(TipsEmails.WeeklyEmailId("2026-W48", subscriber.Key), email.IdempotencyKey);
    }

    [Fact]
    public async Task Through_the_SMTP_sender_the_headers_survive_and_no_header_is_injected()
    {
        var smtp = new SmtpEmailSender(
            Options.Create(new SmtpOptions()),
            Options.Create(new EmailOptions { SenderAddress = "hello@happybabyhive.test" }),
            Options.Create(new BusinessOptions { OwnerEmail = "owner@happybabyhive.test" }),
            NullLogger<SmtpEmailSender>.Instance);

        var mime = smtp.ToMime(await Emails.WeeklyAsync(TipsTestData.Publication(), TipsTestData.Subscriber(Hostile)));
        using var stream = new MemoryStream();
        mime.WriteTo(stream);
        var raw = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Empty(mime.Bcc);
        Assert.DoesNotContain(raw.Split("\r\n"), line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.StartsWith("<https://func-hbh.azurewebsites.net/api/subscriptions/unsubscribe?token=", mime.Headers["List-Unsubscribe"]!.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_weekly_email_id_is_stable_per_week_and_subscriber()
    {
        Assert.Equal(TipsEmails.WeeklyEmailId("2026-W48", "a"), TipsEmails.WeeklyEmailId("2026-W48", "a"));
        Assert.NotEqual(TipsEmails.WeeklyEmailId("2026-W48", "a"), TipsEmails.WeeklyEmailId("2026-W49", "a"));
    }
}
