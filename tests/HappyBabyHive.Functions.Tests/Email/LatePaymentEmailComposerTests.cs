using HappyBabyHive.Bookings.Checkout;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;
using HappyBabyHive.Email;
using HappyBabyHive.Outbox;
using HappyBabyHive.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace HappyBabyHive.Tests.Email;

/// <summary>"Sorry, your payment arrived after your place had gone" (#16): kind, short, the amount, and a way back.</summary>
public sealed class LatePaymentEmailComposerTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Now);
    private readonly Mock<IBookingEmailSubjects> subjects = new();
    private readonly Course full = SampleCourses.Massage(new DateOnly(2027, 4, 6), capacity: 2, freePlaces: 0) with { GeneralPlacesTaken = 2 };
    private readonly BookingLinks links;
    private readonly LatePaymentEmailComposer composer;

    public LatePaymentEmailComposerTests()
    {
        links = TestBookingLinks.Create(time);
        composer = new(
            subjects.Object,
            links,
            TestBookingLinks.Business,
            EmailChecks.Renderer,
            time);
    }

    private static BookedFamily Late(long pence = 6250, string reason = CheckoutEventHandler.NoPlaceRefundReason, PaymentMethod method = PaymentMethod.Card) =>
        TestFamilies.Sam(BookingStatus.Cancelled, new DateOnly(2027, 1, 1)) with
        {
            CancellationReason = CancellationReason.PaymentNotCompleted,
            Payment = new BookingPayment { Method = method, AmountPence = pence, PaidPence = pence, RefundDuePence = pence, RefundReason = reason },
        };

    private static OwedEmail Owed() =>
        new(new OutboxMessage("bookings", "massage-test", "outbox|K7M3-Q9XP|" + EmailTemplates.LatePaymentRefund), EmailTemplates.LatePaymentRefund, "booking|K7M3-Q9XP");

    private Task<EmailMessage?> ComposeFor(BookedFamily booking, Course course)
    {
        subjects.Setup(s => s.LoadAsync("massage-test", "booking|K7M3-Q9XP", It.IsAny<CancellationToken>())).ReturnsAsync(new BookingEmailSubject(booking, course, null));
        return composer.ComposeAsync(Owed(), CancellationToken.None);
    }

    [Fact]
    public async Task Says_sorry_the_full_amount_is_being_refunded_to_the_card_and_when_it_usually_arrives()
    {
        var email = await ComposeFor(Late(), full);

        Assert.NotNull(email);
        Assert.Equal("Your payment is being refunded: Baby Massage for Little Ones", email.Subject);
        Assert.Equal(("sam@example.co.uk", "Sam"), (email.To.Address, email.To.DisplayName));
        var shown = EmailChecks.VisibleText(email);
        Assert.Contains("We're sorry. Your payment for Ada's place on Baby Massage for Little Ones", shown, StringComparison.Ordinal);
        Assert.Contains("reached us after the place we were holding for you had been released", shown, StringComparison.Ordinal);
        Assert.Contains("We're refunding the full £62.50 to the card you paid with.", shown, StringComparison.Ordinal);
        Assert.Contains("Refunds usually take 5 to 10 working days to show in your account.", shown, StringComparison.Ordinal);
        Assert.Contains("K7M3-Q9XP", email.TextBody, StringComparison.Ordinal);
        // Never "refunded" as done: Stripe hasn't said so when this is sent.
        Assert.DoesNotContain("we've refunded", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("has been refunded", shown, StringComparison.OrdinalIgnoreCase);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
    }

    [Fact]
    public async Task A_full_course_with_time_to_go_offers_the_waitlist_through_the_booking_form_for_this_course()
    {
        var email = await ComposeFor(Late(), full);

        using var document = HostileHtml.Parse(email!.HtmlBody);
        var button = Assert.Single(document.QuerySelectorAll("a[href]"), a => a.TextContent == "Join the waitlist");
        Assert.Equal($"{TestBookingLinks.BaseUrl}/api/forms/booking?course=massage-test", button.GetAttribute("href"));
        Assert.Contains("The course is full now, but you can join the waitlist", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(links.ManageUrl(full, "K7M3-Q9XP").AbsoluteUri, email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_with_places_left_offers_to_book_again()
    {
        var email = await ComposeFor(Late(), full with { GeneralPlacesTaken = 1 });

        using var document = HostileHtml.Parse(email!.HtmlBody);
        Assert.Single(document.QuerySelectorAll("a[href]"), a => a.TextContent == "Book a place");
        Assert.DoesNotContain("waitlist", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_or_started_course_offers_no_booking_form_only_help_finding_another()
    {
        var cancelled = await ComposeFor(Late(), full with { Status = CourseStatus.Cancelled });
        time.SetUtcNow(full.FirstSessionStartsUtc.AddMinutes(1));
        var started = await ComposeFor(Late(), full);

        Assert.Contains("reached us after the course had been cancelled", EmailChecks.VisibleText(cancelled!), StringComparison.Ordinal);
        foreach (var email in new[] { cancelled!, started! })
        {
            Assert.DoesNotContain("/api/forms/booking", email.TextBody, StringComparison.Ordinal);
            Assert.Contains("help finding another course", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("other-reason")]
    [InlineData("by-hand")]
    [InlineData("confirmed")]
    [InlineData("erased")]
    public async Task Nothing_is_sent_once_the_booking_no_longer_stands_as_a_card_payment_owed_back_for_no_place(string change)
    {
        var booking = change switch
        {
            "other-reason" => Late(reason: "cancelled"),
            "by-hand" => Late(method: PaymentMethod.AnotherWay),
            _ => Late() with { Status = BookingStatus.Confirmed },
        };
        if (change == "erased")
        {
            subjects.Setup(s => s.LoadAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((BookingEmailSubject?)null);
            Assert.Null(await composer.ComposeAsync(Owed(), CancellationToken.None));
            return;
        }

        Assert.Null(await ComposeFor(booking, full));
    }

    [Fact]
    public async Task Hostile_text_in_every_field_stays_text_and_the_text_part_says_what_the_html_says()
    {
        var hostileCourse = full with { Title = HostileHtml.AllInOne, Venue = HostileHtml.Samples[1] };
        var hostile = Late() with { ParentName = HostileHtml.Samples[0], BabyFirstName = HostileHtml.Samples[4], Reference = HostileHtml.Samples[2] };

        var email = await composer.SorryAsync(hostile, hostileCourse, Guid.NewGuid());

        EmailChecks.AssertOnlyText(email, HostileHtml.Samples[0], HostileHtml.Samples[4], HostileHtml.Samples[2], HostileHtml.AllInOne);
        EmailChecks.AssertTextPartSaysWhatHtmlSays(email);
        Assert.Equal(HostileHtml.Samples[0], email.To.DisplayName);
    }

    [Fact]
    public void Composes_only_its_own_template()
    {
        Assert.True(composer.CanCompose(EmailTemplates.LatePaymentRefund));
        Assert.False(composer.CanCompose(EmailTemplates.BookingCancelled));
    }
}
