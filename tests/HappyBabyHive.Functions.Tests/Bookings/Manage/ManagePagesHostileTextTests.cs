using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Bookings.Manage;
using HappyBabyHive.Courses;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.Bookings.Manage;

/// <summary>
/// Every view of the family's booking pages with markup in everything a family or the owner typed (names, course
/// title, venue, address, the contact form's fields): it must come back as text, never as markup.
/// </summary>
public sealed class ManagePagesHostileTextTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private readonly ManageFixture f = new()
    {
        Course = SampleCourses.Massage(new DateOnly(2027, 2, 2)) with { Title = "Massage " + Hostile, Venue = "Hall " + Hostile, VenueAddress = "Street " + Hostile },
    };

    private static Booking HostileBooking(BookingStatus status) => ManageFixture.Booking(status) with { BabyFirstName = "Ada " + Hostile, ParentName = "Sam " + Hostile };

    private static async Task<string> Html(Task<IActionResult> result) => Assert.IsType<ContentResult>(await result).Content!;

    private static Dictionary<string, string> Form(string action, string token, bool confirm = false, string? courseId = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["action"] = action };
        if (confirm)
        {
            form["confirm"] = "yes";
        }

        if (courseId is not null)
        {
            form["courseId"] = courseId;
        }

        return form;
    }

    [Theory]
    [InlineData(BookingStatus.Confirmed)]
    [InlineData(BookingStatus.Waitlisted)]
    [InlineData(BookingStatus.Offered)]
    public async Task The_manage_page_and_its_are_you_sure_step(BookingStatus status)
    {
        await f.WithAsync(HostileBooking(status));

        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None)), "Massage " + Hostile, "Hall " + Hostile, "Street " + Hostile, "Ada " + Hostile);
        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", f.ManageToken)), CancellationToken.None)), "Massage " + Hostile);
    }

    [Theory]
    [InlineData(30)] // held: Pay now, and Stripe down
    [InlineData(-1)] // the hold has ended: book again
    public async Task A_place_held_while_paying_and_its_pay_now_answers(int heldForMinutes)
    {
        await f.WithAsync(HostileBooking(BookingStatus.AwaitingPayment) with
        {
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, CheckoutAttempt = 1, HeldUntilUtc = ManageFixture.Now.AddMinutes(heldForMinutes) },
        });
        f.Checkout.Setup(c => c.StartAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync(new HappyBabyHive.Bookings.Checkout.CheckoutStart.Unavailable());

        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ShowManageBooking(ManageFixture.Get(f.ManageToken), CancellationToken.None)), "Massage " + Hostile, "Hall " + Hostile, "Street " + Hostile, "Ada " + Hostile);
        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("pay", f.ManageToken)), CancellationToken.None)));
    }

    [Fact]
    public async Task Every_cancel_outcome()
    {
        await f.WithAsync(HostileBooking(BookingStatus.Confirmed));
        var booking = HostileBooking(BookingStatus.Confirmed);
        var outcomes = new CancelOutcome[]
        {
            new CancelOutcome.Cancelled(booking with { Status = BookingStatus.Cancelled }, f.Course, 1),
            new CancelOutcome.AlreadyCancelled(booking with { Status = BookingStatus.Cancelled }, f.Course),
            new CancelOutcome.TooLate(booking, f.Course, f.Course.FirstSessionStartsUtc.AddDays(-2)),
            new CancelOutcome.CourseOver(booking, f.Course),
        };
        foreach (var outcome in outcomes)
        {
            f.Changes.Setup(c => c.CancelAsync(f.Key, ChangedBy.Family, true, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
            HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("cancel", f.ManageToken, confirm: true)), CancellationToken.None)));
        }
    }

    [Fact]
    public async Task Every_move_step_and_outcome()
    {
        await f.WithAsync(HostileBooking(BookingStatus.Confirmed));
        var other = SampleCourses.Massage(new DateOnly(2027, 3, 9), id: "massage-later") with { Title = "Later " + Hostile, Venue = "Library " + Hostile };
        var booking = HostileBooking(BookingStatus.Confirmed);
        f.Transfers.Setup(t => t.ChoicesAsync(f.Key, It.IsAny<CancellationToken>())).ReturnsAsync([other]);

        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("move", f.ManageToken)), CancellationToken.None)), "Later " + Hostile);
        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("move", f.ManageToken, courseId: other.Id)), CancellationToken.None)), "Later " + Hostile);
        foreach (var outcome in new TransferOutcome[]
        {
            new TransferOutcome.Moved(booking, f.Course, booking with { Reference = "NEW1-REF1" }, other),
            new TransferOutcome.AlreadyMoved(booking, f.Course, booking with { Reference = "NEW1-REF1" }, other),
            new TransferOutcome.NoSpace(other),
            new TransferOutcome.NotMovable(booking, f.Course, "Reason " + Hostile),
            new TransferOutcome.TooLate(booking, f.Course, f.Course.FirstSessionStartsUtc.AddDays(-2)),
        })
        {
            f.Transfers.Setup(t => t.MoveAsync(f.Key, other.Id, ChangedBy.Family, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
            HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("move", f.ManageToken, confirm: true, courseId: other.Id)), CancellationToken.None)));
        }
    }

    [Fact]
    public async Task The_contact_form_with_what_was_typed_and_its_outcomes()
    {
        await f.WithAsync(HostileBooking(BookingStatus.Confirmed));
        var typed = Form("contact", f.ManageToken, confirm: true);
        typed["phone"] = Hostile;
        typed["email"] = Hostile;

        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(Form("contact", f.ManageToken)), CancellationToken.None)));
        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(typed), CancellationToken.None)), Hostile);
        typed["phone"] = "07700 900999";
        typed["email"] = "sam.new@example.co.uk";
        HostileHtml.AssertOnlyText(await Html(f.ManageFunction.ChangeManageBooking(ManageFixture.Post(typed), CancellationToken.None)));
        HostileHtml.AssertOnlyText(await Html(f.ConfirmEmailFunction.ConfirmBookingEmail(ManageFixture.Post(new Dictionary<string, string> { ["token"] = f.EmailChange.Token(f.Key, 1) }), CancellationToken.None)), "Massage " + Hostile);
    }

    [Fact]
    public async Task The_claim_page_its_decline_step_and_its_outcomes()
    {
        await f.WithAsync(HostileBooking(BookingStatus.Offered));
        var booking = HostileBooking(BookingStatus.Offered);

        HostileHtml.AssertOnlyText(await Html(f.ClaimFunction.ShowClaimOffer(ManageFixture.Get(f.ClaimToken()), CancellationToken.None)), "Massage " + Hostile, "Ada " + Hostile, "Street " + Hostile);
        HostileHtml.AssertOnlyText(await Html(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("decline", f.ClaimToken())), CancellationToken.None)), "Massage " + Hostile);
        foreach (var outcome in new ClaimOutcome[]
        {
            new ClaimOutcome.Claimed(booking with { Status = BookingStatus.Confirmed }, f.Course),
            new ClaimOutcome.AlreadyClaimed(booking with { Status = BookingStatus.Confirmed }, f.Course),
            new ClaimOutcome.NotOffered(HostileBooking(BookingStatus.Waitlisted), f.Course),
        })
        {
            f.Changes.Setup(c => c.ClaimOfferAsync(f.Key, PaymentMethod.Card, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);
            HostileHtml.AssertOnlyText(await Html(f.ClaimFunction.AnswerClaimOffer(ManageFixture.Post(Form("claim", f.ClaimToken())), CancellationToken.None)));
        }
    }

    [Fact]
    public async Task The_email_change_confirmation_email()
    {
        await f.WithAsync(HostileBooking(BookingStatus.Confirmed));
        await f.Service.UpdateContactAsync(f.Key, new ContactChange(null, "sam.new@example.co.uk"), CancellationToken.None);
        var composer = new BookingEmailChangeComposer(f.Store, f.EmailChange, Microsoft.Extensions.Options.Options.Create(f.Business), new HappyBabyHive.Pages.Emails.EmailRenderer(HappyBabyHive.TestSupport.TestPages.Renderer));

        var email = await composer.ComposeAsync(
            new HappyBabyHive.Outbox.OwedEmail(new HappyBabyHive.Outbox.OutboxMessage("Bookings", f.Course.Id, "x"), BookingEmailChange.Template(1), HappyBabyHive.Storage.RowKeys.Booking(ManageFixture.Reference)),
            CancellationToken.None);

        HostileHtml.AssertOnlyText(email!.HtmlBody, "Massage " + Hostile, "Sam " + Hostile);
        Assert.DoesNotContain('\n', email.Subject);
    }
}
