using HappyBabyHive.Pages.Emails;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.Email;

/// <summary>The email layout and its plain-text twin, block by block, as a mail client parses them.</summary>
public sealed class EmailDocumentTests
{
    private static readonly Uri Link = new("https://hive.example/api/thing?token=a&b=c");

    private static EmailContent Everything(string text) => new(text, text,
    [
        new EmailParagraph(text),
        new EmailHeading(text),
        new EmailSection(text, text),
        new EmailList([text, text]),
        new EmailHighlight(text),
        new EmailHighlight(text, Label: text),
        new EmailButton(text, Link),
        new EmailSmallPrint(text, text, Link, text),
    ], text);

    [Fact]
    public async Task Hostile_text_in_every_block_stays_text_in_both_parts()
    {
        var email = await EmailChecks.Renderer.RenderAsync(Everything(HostileHtml.AllInOne));

        HostileHtml.AssertOnlyText(email.Html, [.. HostileHtml.Samples, HostileHtml.AllInOne]);
        using var document = HostileHtml.Parse(email.Html);
        Assert.Equal(HostileHtml.AllInOne, document.Title);
        Assert.All(document.QuerySelectorAll("a"), a => Assert.Equal(Link.AbsoluteUri, a.GetAttribute("href")));
        Assert.Contains(HostileHtml.AllInOne, email.Text, StringComparison.Ordinal);
        Assert.Contains(HostileHtml.AllInOne.ToUpperInvariant(), email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_part_says_what_the_html_part_says_block_for_block()
    {
        var content = new EmailContent("Happy Baby Hive", "You're booked!",
        [
            new EmailParagraph("Hello Sam,"),
            new EmailHeading("When"),
            new EmailList(["Tuesday 16 March 2027, 10:00–11:00", "Tuesday 23 March 2027, 10:00–11:00"]),
            new EmailSection("Where", "The Hive Room"),
            new EmailHighlight("Your booking reference: K7M3"),
            new EmailHighlight("Stretch together.", Label: "Try this week:"),
            new EmailButton("Review the request", Link),
            new EmailSmallPrint("You're getting this because you asked.", "Unsubscribe", Link, "at any time."),
        ], "The footer.");

        var email = await EmailChecks.Renderer.RenderAsync(content);

        Assert.Equal(
            """
            Happy Baby Hive
            YOU'RE BOOKED!

            Hello Sam,

            WHEN
            - Tuesday 16 March 2027, 10:00–11:00
            - Tuesday 23 March 2027, 10:00–11:00

            WHERE
            The Hive Room

            Your booking reference: K7M3

            TRY THIS WEEK: Stretch together.

            Review the request:
            https://hive.example/api/thing?token=a&b=c

            You're getting this because you asked. Unsubscribe at any time.
            https://hive.example/api/thing?token=a&b=c

            The footer.
            """.ReplaceLineEndings("\n"),
            email.Text);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(new HappyBabyHive.Email.EmailMessage
        {
            To = new("sam@example.co.uk"),
            Subject = "Subject",
            HtmlBody = email.Html,
            TextBody = email.Text,
            IdempotencyKey = Guid.NewGuid(),
        });
    }

    [Fact]
    public async Task The_layout_is_built_for_mail_clients_inline_styles_and_presentation_tables()
    {
        var email = await EmailChecks.Renderer.RenderAsync(Everything("Text"));
        using var document = HostileHtml.Parse(email.Html);

        // Gmail drops most style sheets and Outlook ignores classes: every visible element carries its own style.
        Assert.Empty(document.QuerySelectorAll("style, link, script, [class]"));
        Assert.All(document.QuerySelectorAll("p, h1, ul, li, a"), e => Assert.False(string.IsNullOrEmpty(e.GetAttribute("style")), $"<{e.LocalName}> has no inline style"));
        // Outlook for Windows ignores max-width on a div, so the 600px column is a presentation table.
        Assert.All(document.QuerySelectorAll("table"), t => Assert.Equal("presentation", t.GetAttribute("role")));
        Assert.Contains(document.QuerySelectorAll("table"), t => t.GetAttribute("width") == "600");
        // A button is a coloured cell (Outlook ignores padding and background on a link).
        Assert.Equal("#7a4e2d", document.QuerySelector("td[bgcolor] > a")!.ParentElement!.GetAttribute("bgcolor"));
        Assert.Equal("en-GB", document.DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("mailto:owner@example.com")]
    public void A_link_that_is_not_a_web_address_is_refused(string url)
    {
        Assert.Throws<ArgumentException>(() => new EmailButton("Press", new Uri(url)));
        Assert.Throws<ArgumentException>(() => new EmailSmallPrint("Before", "link", new Uri(url), "after"));
    }
}
