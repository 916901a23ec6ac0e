using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Pages.Emails;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Opts = Microsoft.Extensions.Options.Options;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>A new email address takes over only once the family clicks the link sent to it; the address never rides in a link.</summary>
public sealed class BookingEmailChangeTests
{
    private readonly ManageFixture f = new();

    private static async Task<ContentResult> Page(Task<IActionResult> result) => Assert.IsType<ContentResult>(await result);

    private Task<ContactOutcome> ChangeEmailAsync(string email) =>
        f.Service.UpdateContactAsync(f.Key, new ContactChange("07700 900123", email), CancellationToken.None);

    private BookingEmailChangeComposer Composer() => new(
        f.Store,
        f.EmailChange,
        Opts.Create(f.Business),
        new EmailRenderer(HappyBabyHive.TestSupport.TestPages.Renderer));

    private static OwedEmail Owed(string courseId, int change) =>
        new(new OutboxMessage(TableNames.Bookings, courseId, RowKeys.Outbox(ManageFixture.Reference, BookingEmailChange.Template(change))), BookingEmailChange.Template(change), RowKeys.Booking(ManageFixture.Reference));

    [Fact]
    public async Task The_link_confirms_the_new_address_and_a_second_click_changes_nothing()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("sam.new@example.co.uk");

        var first = await f.Service.ConfirmEmailAsync(f.Key, 1, CancellationToken.None);
        var commits = f.Store.Commits;
        var second = await f.Service.ConfirmEmailAsync(f.Key, 1, CancellationToken.None);

        Assert.IsType<EmailConfirmOutcome.Confirmed>(first);
        Assert.IsType<EmailConfirmOutcome.AlreadyConfirmed>(second);
        Assert.Equal("sam.new@example.co.uk", f.Stored().Email);
        Assert.Null(f.Stored().PendingEmail);
        Assert.Equal(commits, f.Store.Commits);
    }

    [Fact]
    public async Task An_older_link_is_out_of_date_once_a_newer_change_was_asked_for()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("typo@exmaple.co.uk");
        await ChangeEmailAsync("sam.new@example.co.uk");

        var old = await f.Service.ConfirmEmailAsync(f.Key, 1, CancellationToken.None);

        Assert.IsType<EmailConfirmOutcome.OutOfDate>(old);
        Assert.Equal("sam@example.co.uk", f.Stored().Email);
        Assert.Equal("sam.new@example.co.uk", f.Stored().PendingEmail);
    }

    [Fact]
    public async Task Typing_the_current_address_back_cancels_the_pending_change()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("typo@exmaple.co.uk");

        await ChangeEmailAsync("SAM@example.co.uk");

        Assert.Null(f.Stored().PendingEmail);
        Assert.IsType<EmailConfirmOutcome.OutOfDate>(await f.Service.ConfirmEmailAsync(f.Key, 1, CancellationToken.None));
    }

    [Fact]
    public async Task A_booking_gets_only_a_few_email_changes_so_its_link_cannot_be_used_to_send_mail_anywhere()
    {
        await f.WithAsync(ManageFixture.Booking());
        for (var i = 1; i <= BookingEmailChange.MaxChanges; i++)
        {
            Assert.IsType<ContactOutcome.Updated>(await ChangeEmailAsync($"try{i}@example.co.uk"));
        }

        Assert.IsType<ContactOutcome.TooManyEmailChanges>(await ChangeEmailAsync("one-more@example.co.uk"));
    }

    [Fact]
    public async Task The_email_goes_to_the_new_address_and_its_link_names_no_address()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("sam.new@example.co.uk");

        var email = await Composer().ComposeAsync(Owed(f.Course.Id, 1), CancellationToken.None);

        Assert.NotNull(email);
        Assert.Equal("sam.new@example.co.uk", email.To.Address);
        var link = System.Text.RegularExpressions.Regex.Match(email.TextBody, @"https://hive\.example/api/manage-booking/confirm-email\?token=\S+").Value;
        Assert.NotEmpty(link);
        Assert.DoesNotContain("sam", Uri.UnescapeDataString(link), StringComparison.OrdinalIgnoreCase);
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=') + 1)..]);
        var (check, key, change) = f.EmailChange.Verify(token);
        Assert.Equal(HappyBabyHive.Links.LinkCheck.Valid, check);
        Assert.Equal(f.Key, key);
        Assert.Equal(1, change);
    }

    [Fact]
    public async Task No_email_is_sent_for_a_change_a_newer_one_has_overtaken()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("typo@exmaple.co.uk");
        await ChangeEmailAsync("sam.new@example.co.uk");

        Assert.Null(await Composer().ComposeAsync(Owed(f.Course.Id, 1), CancellationToken.None));
        Assert.NotNull(await Composer().ComposeAsync(Owed(f.Course.Id, 2), CancellationToken.None));
    }

    [Fact]
    public void The_composer_claims_only_its_own_numbered_templates()
    {
        var composer = Composer();

        Assert.True(composer.CanCompose("booking-email-confirm-1"));
        Assert.True(composer.CanCompose($"booking-email-confirm-{BookingEmailChange.MaxChanges}"));
        Assert.False(composer.CanCompose($"booking-email-confirm-{BookingEmailChange.MaxChanges + 1}"));
        Assert.False(composer.CanCompose("booking-email-confirm-"));
        Assert.False(composer.CanCompose(EmailTemplates.BookingConfirmed));
    }

    [Fact]
    public async Task Opening_the_confirm_link_only_shows_a_button_and_its_POST_confirms()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("sam.new@example.co.uk");
        var token = f.EmailChange.Token(f.Key, 1);

        var shown = await Page(f.ConfirmEmailFunction.ShowConfirmBookingEmail(ManageFixture.Get(token)));
        Assert.Equal("sam@example.co.uk", f.Stored().Email);
        var done = await Page(f.ConfirmEmailFunction.ConfirmBookingEmail(ManageFixture.Post(new Dictionary<string, string> { ["token"] = token }), CancellationToken.None));

        Assert.Contains("Yes, use this address", shown.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("sam.new@example.co.uk", shown.Content, StringComparison.Ordinal);
        Assert.Equal(200, done.StatusCode);
        Assert.Contains("Your email address is updated", done.Content, StringComparison.Ordinal);
        Assert.Equal("sam.new@example.co.uk", f.Stored().Email);
    }

    [Fact]
    public async Task An_expired_or_tampered_confirm_link_is_refused()
    {
        await f.WithAsync(ManageFixture.Booking());
        await ChangeEmailAsync("sam.new@example.co.uk");
        var token = f.EmailChange.Token(f.Key, 1);

        var tampered = await Page(f.ConfirmEmailFunction.ConfirmBookingEmail(ManageFixture.Post(new Dictionary<string, string> { ["token"] = token + "A" }), CancellationToken.None));
        f.Clock.Advance(BookingEmailChange.LinkLifetime + TimeSpan.FromMinutes(1));
        var expired = await Page(f.ConfirmEmailFunction.ConfirmBookingEmail(ManageFixture.Post(new Dictionary<string, string> { ["token"] = token }), CancellationToken.None));

        Assert.Equal(400, tampered.StatusCode);
        Assert.Equal(410, expired.StatusCode);
        Assert.Equal("sam@example.co.uk", f.Stored().Email);
    }

    [Fact]
    public void The_app_composes_the_confirmation_email()
    {
        var services = new ServiceCollection().AddManageBooking();

        Assert.Contains(services, d => d.ServiceType == typeof(IOutboxEmailComposer) && d.ImplementationType == typeof(BookingEmailChangeComposer));
    }
}
