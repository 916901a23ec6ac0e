using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Courses;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;
using HappyBabyHive.Tests.FreePlaces;
using HappyBabyHive.Tests.Support;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class SettingsAndRegisterTests
{
    private static readonly string Hostile = HostileHtml.AllInOne;

    private readonly SignedIn owner = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();
    private readonly Mock<IRegisterService> registers = new();

    private ConsoleSettingsHttp SettingsFunction() => new(owner.Guard(), settings.Object, new SettingsPage(ConsoleTestSupport.Page()));

    private ConsoleRegisterHttp RegisterFunction() => new(owner.Guard(), registers.Object, new RegisterPage(ConsoleTestSupport.Page(), owner.Clock), ConsoleTestSupport.Page());

    [Fact]
    public async Task Settings_show_the_current_values()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Talk to your GP.", 12.5m, null));

        using var page = Parse(await SettingsFunction().ConsoleSettings(owner.Get("/api/console/settings"), CancellationToken.None));

        var signposting = page.QuerySelector<IHtmlTextAreaElement>("textarea#f-declineSignposting")!;
        Assert.Equal(("declineSignposting", "Talk to your GP.", "2000"), (signposting.Name, signposting.Value, signposting.GetAttribute("maxlength")));
        var donation = page.QuerySelector<IHtmlInputElement>("input#f-donationPercent")!;
        Assert.Equal(("donationPercent", "text", "12.5"), (donation.Name, donation.Type, donation.Value));
        Assert.Equal("You haven't changed these yet, so the starting values are used.", page.QuerySelector("main > p.hint")!.TextContent);
        Assert.True(page.GetElementById("error-summary")!.HasAttribute("hidden"));
        Assert.Equal("settings", page.QuerySelector("nav a[aria-current=page]")!.GetAttribute("href")!.Split('/')[^1]);
    }

    [Fact]
    public async Task A_mistake_in_settings_is_shown_beside_the_field_and_keeps_what_was_typed()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Old text", 10m, null));
        settings.Setup(s => s.SaveAsync(It.IsAny<BusinessSettingsInput>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SettingsSaveOutcome.Invalid(new Dictionary<string, string[]> { ["donationPercent"] = ["The percentage must be between 0 and 100."] }));

        var result = Assert.IsType<ContentResult>(await SettingsFunction().ConsoleSaveSettings(
            owner.Post("/api/console/settings", ("declineSignposting", Hostile + "text"), ("donationPercent", Hostile + "150")), CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        HostileHtml.AssertOnlyText(result.Content!, Hostile + "text", Hostile + "150");
        Assert.StartsWith("Error: Settings", page.Title, StringComparison.Ordinal);
        Assert.Equal("The percentage must be between 0 and 100.", page.QuerySelector("#error-summary a[href='#f-donationPercent']")!.TextContent);
        Assert.Equal("The percentage must be between 0 and 100.", page.QuerySelector("#donationPercent-error [data-error-text]")!.TextContent);
        Assert.Equal(Hostile + "150", page.QuerySelector<IHtmlInputElement>("#f-donationPercent")!.Value);
        Assert.Equal(Hostile + "text", page.QuerySelector<IHtmlTextAreaElement>("#f-declineSignposting")!.Value);
    }

    [Fact]
    public async Task Saved_settings_send_the_browser_back_to_the_page_with_a_note()
    {
        settings.Setup(s => s.SaveAsync(It.Is<BusinessSettingsInput>(i => i.DonationPercent == "12.5"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SettingsSaveOutcome.Saved(new BusinessSettings("x", 12.5m, owner.Clock.GetUtcNow())));
        var request = owner.Post("/api/console/settings", ("declineSignposting", "x"), ("donationPercent", "12.5"));

        var result = await SettingsFunction().ConsoleSaveSettings(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/api/console/settings?saved=1", SignedIn.Location(request));
    }

    [Fact]
    public async Task The_register_lists_families_with_their_details_and_the_waitlist_in_order()
    {
        var course = SampleCourses.Massage(new DateOnly(2026, 12, 1));
        var booked = owner.Clock.GetUtcNow().AddDays(-2);
        registers.Setup(r => r.GetAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseRegister(
            course,
            [
                new RegisterEntry("AAAA-1111", "Jo Bloggs", "jo@example.co.uk", "07700 900123", "Ada", new DateOnly(2026, 9, 1), "13 weeks", IsFreePlace: true, booked, null),
                new RegisterEntry("BBBB-2222", "Sam Patel", "sam@example.co.uk", null, "Ravi", new DateOnly(2026, 8, 1), "17 weeks", IsFreePlace: false, booked, null)
                {
                    Payment = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000 },
                },
            ],
            [
                new RegisterEntry("DDDD-4444", "Second Waiting", "b@example.co.uk", null, "Bo", new DateOnly(2026, 8, 1), "17 weeks", false, booked, 2),
                new RegisterEntry("CCCC-3333", "First Waiting", "a@example.co.uk", null, "Al", new DateOnly(2026, 8, 1), "17 weeks", false, booked, 1),
            ]));

        var result = Assert.IsType<ContentResult>(await RegisterFunction().ConsoleRegister(owner.Get($"/api/console/courses/{course.Id}/register"), course.Id, CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal("wide", page.QuerySelector("main")!.ClassName);
        var rows = page.QuerySelectorAll("#booked-table tbody tr").ToList();
        Assert.Equal("booked", page.GetElementById("booked-table")!.GetAttribute("aria-labelledby"));
        Assert.Equal(["Parent", "Phone", "Baby", "Age at first session", "Payment", "Booked", "Came", "Change"], page.QuerySelectorAll("#booked-table thead th").Select(th => th.TextContent));
        Assert.Equal("tel:07700900123", rows[0].QuerySelector("td[data-label=Phone] a")!.GetAttribute("href"));
        Assert.Equal("mailto:jo@example.co.uk", rows[0].QuerySelector("th[scope=row] a")!.GetAttribute("href"));
        Assert.Equal(["07700 900123", "Ada", "13 weeks", "Free place", "Monday 23 November 2026 at 12:00", "0 of 5 sessions"], rows[0].QuerySelectorAll("td:not(.row-actions)").Select(td => td.TextContent));
        Assert.Equal(["Not given", "Ravi", "17 weeks", "Unpaid £60.00: bank transfer or cash", "Monday 23 November 2026 at 12:00", "0 of 5 sessions"], rows[1].QuerySelectorAll("td:not(.row-actions)").Select(td => td.TextContent));
        Assert.Equal(["1", "2"], page.QuerySelectorAll("#waitlist-table td[data-label='Place in line']").Select(td => td.TextContent));
        Assert.Equal(["First Waiting", "Second Waiting"], page.QuerySelectorAll("#waitlist-table th[scope=row]").Select(th => th.FirstChild!.TextContent));
        Assert.Equal("unpaid", rows[1].QuerySelector("td[data-label=Payment]")!.ClassName);
        Assert.True(string.IsNullOrEmpty(rows[0].QuerySelector("td[data-label=Payment]")!.ClassName));
        Assert.Equal(
            [$"/api/console/courses/{course.Id}/register/csv", $"/api/console/courses/{course.Id}/payments/csv"],
            page.QuerySelectorAll("a[download]").Select(a => a.GetAttribute("href")));
        Assert.Equal("2 families booked of 10 places; 2 families on the waitlist.", page.QuerySelector("p.summary-line")!.TextContent);
    }

    [Fact]
    public async Task Each_place_with_money_links_its_payment_page_from_the_payment_words()
    {
        var course = SampleCourses.Massage(new DateOnly(2026, 12, 1));
        var at = owner.Clock.GetUtcNow().AddDays(-2);
        RegisterEntry Entry(string reference, string parent, bool free = false, int? position = null) =>
            new(reference, parent, "p@example.co.uk", null, "Ada", new DateOnly(2026, 9, 1), "13 weeks", free, at, position);
        var bankTransfer = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = 6000 };
        registers.Setup(r => r.GetAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new CourseRegister(
            course,
            [
                Entry("AAAA-1111", "Unpaid", free: false) with { Payment = bankTransfer },
                Entry("BBBB-2222", "Held") with
                {
                    Status = BookingStatus.AwaitingPayment,
                    Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, HeldUntilUtc = at.AddDays(3) },
                },
                Entry("CCCC-3333", "Free", free: true),
                Entry("DDDD-4444", "Old booking"),
                Entry("odd ref&/?", "Odd") with { Payment = bankTransfer },
            ],
            [Entry("WWWW-1111", "Waiting", position: 1)])
        {
            CancelledWithPayments =
            [
                Entry("EEEE-5555", "Cancelled") with
                {
                    Status = BookingStatus.Cancelled,
                    Payment = bankTransfer with { PaidPence = 6000, RefundDuePence = 6000 },
                },
            ],
        });

        using var page = Parse(await RegisterFunction().ConsoleRegister(owner.Get($"/api/console/courses/{course.Id}/register"), course.Id, CancellationToken.None));

        var booked = $"/api/console/courses/{course.Id}/bookings/";
        var links = page.QuerySelectorAll("#booked-table tbody tr").Select(tr => tr.QuerySelector("td[data-label=Payment] a")?.GetAttribute("href")).ToList();
        Assert.Equal([booked + "AAAA-1111/payment", booked + "BBBB-2222/payment", null, null, booked + "odd%20ref%26%2F%3F/payment"], links);
        var unpaid = page.QuerySelector("#booked-table tbody tr td[data-label=Payment] a.payment-link")!;
        Assert.Equal("Unpaid £60.00: bank transfer or cash", unpaid.TextContent);
        Assert.Equal(["Free place", "No payment recorded"], page.QuerySelectorAll("#booked-table tbody tr td[data-label=Payment]").Skip(2).Take(2).Select(td => td.TextContent));
        Assert.Empty(page.QuerySelectorAll("#waitlist-table a.payment-link"));
        var refund = page.QuerySelector("ul.refunds li a.payment-link")!;
        Assert.Equal(booked + "EEEE-5555/payment", refund.GetAttribute("href"));
        Assert.StartsWith("Paid £60.00", refund.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_every_register_field_is_shown_as_text()
    {
        var course = SampleCourses.Massage(new DateOnly(2026, 12, 1)) with { Title = Hostile + "title", Venue = Hostile + "venue" };
        RegisterEntry Entry(string tag, int? position) => new(
            "AAAA-1111", Hostile + tag + "parent", Hostile + tag + "@example.co.uk", Hostile + tag + "phone", Hostile + tag + "baby", new DateOnly(2026, 9, 1), Hostile + tag + "age", false, owner.Clock.GetUtcNow(), position);
        var refunded = Entry("c", null) with
        {
            Status = BookingStatus.Cancelled,
            Payment = new BookingPayment { Method = PaymentMethod.Card, AmountPence = 6000, PaidPence = 6000, RefundedPence = 6000 },
        };
        registers.Setup(r => r.GetAsync(course.Id, It.IsAny<CancellationToken>())).ReturnsAsync(
            new CourseRegister(course, [Entry("b", null)], [Entry("w", 1)]) { CancelledWithPayments = [refunded] });

        var result = Assert.IsType<ContentResult>(await RegisterFunction().ConsoleRegister(owner.Get($"/api/console/courses/{course.Id}/register"), course.Id, CancellationToken.None));

        HostileHtml.AssertOnlyText(
            result.Content!,
            [Hostile + "title", Hostile + "venue", .. new[] { "b", "w" }.SelectMany(t => new[] { "parent", "@example.co.uk", "phone", "baby", "age" }.Select(f => Hostile + t + f)), Hostile + "cparent", Hostile + "cbaby"]);
        Assert.Contains("Refunded £60.00", Parse(result).GetElementById("refunds")!.NextElementSibling!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_courses_register_is_not_found()
    {
        var result = Assert.IsType<ContentResult>(await RegisterFunction().ConsoleRegister(owner.Get("/api/console/courses/nope/register"), "nope", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("We couldn't find that course", Parse(result).QuerySelector("h1")!.TextContent);
    }
}
