using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Registers;
using HappyBabyHive.Settings;
using HappyBabyHive.Tests.FreePlaces;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Moq;

namespace HappyBabyHive.Tests.OwnerConsole;

public sealed class SettingsAndRegisterTests
{
    private readonly SignedIn owner = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();
    private readonly Mock<IRegisterService> registers = new();

    private ConsoleSettingsHttp SettingsFunction() => new(owner.Guard(), settings.Object, new SettingsPage(ConsoleTestSupport.Page()));

    private ConsoleRegisterHttp RegisterFunction() => new(owner.Guard(), registers.Object, new RegisterPage(ConsoleTestSupport.Page()), ConsoleTestSupport.Page());

    [Fact]
    public async Task Settings_show_the_current_values()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Talk to your GP.", 12.5m, null));

        var result = Assert.IsType<ContentResult>(await SettingsFunction().ConsoleSettings(owner.Get("/api/console/settings"), CancellationToken.None));

        Assert.Contains(">Talk to your GP.</textarea>", result.Content, StringComparison.Ordinal);
        Assert.Contains("name=\"donationPercent\" type=\"text\" value=\"12.5\"", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistake_in_settings_is_shown_beside_the_field_and_keeps_what_was_typed()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Old text", 10m, null));
        settings.Setup(s => s.SaveAsync(It.IsAny<BusinessSettingsInput>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SettingsSaveOutcome.Invalid(new Dictionary<string, string[]> { ["donationPercent"] = ["The percentage must be between 0 and 100."] }));

        var result = Assert.IsType<ContentResult>(await SettingsFunction().ConsoleSaveSettings(
            owner.Post("/api/console/settings", ("declineSignposting", "New <b>text</b>"), ("donationPercent", "150")), CancellationToken.None));

        Assert.Equal(422, result.StatusCode);
        Assert.Contains("The percentage must be between 0 and 100.", result.Content, StringComparison.Ordinal);
        Assert.Contains("value=\"150\"", result.Content, StringComparison.Ordinal);
        Assert.Contains("New &lt;b&gt;text&lt;/b&gt;</textarea>", result.Content, StringComparison.Ordinal);
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
                new RegisterEntry("AAAA-1111", FreePlaceFixtures.Hostile, "jo@example.co.uk", "07700 900123", "Ada", new DateOnly(2026, 9, 1), "13 weeks", IsFreePlace: true, booked, null),
                new RegisterEntry("BBBB-2222", "Sam Patel", "sam@example.co.uk", null, "Ravi", new DateOnly(2026, 8, 1), "17 weeks", IsFreePlace: false, booked, null),
            ],
            [
                new RegisterEntry("DDDD-4444", "Second Waiting", "b@example.co.uk", null, "Bo", new DateOnly(2026, 8, 1), "17 weeks", false, booked, 2),
                new RegisterEntry("CCCC-3333", "First Waiting", "a@example.co.uk", null, "Al", new DateOnly(2026, 8, 1), "17 weeks", false, booked, 1),
            ]));

        var result = Assert.IsType<ContentResult>(await RegisterFunction().ConsoleRegister(owner.Get($"/api/console/courses/{course.Id}/register"), course.Id, CancellationToken.None));
        var html = result.Content!;

        Assert.Contains("<td data-label=\"Phone\"><a href=\"tel:07700900123\">07700 900123</a></td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Age at first session\">13 weeks</td><td data-label=\"Place\">Free place</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Phone\">Not given</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Place\">Paid</td>", html, StringComparison.Ordinal);
        Assert.Contains("Monday 23 November 2026 at 12:00", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("First Waiting", StringComparison.Ordinal) < html.IndexOf("Second Waiting", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("register/csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_courses_register_is_not_found()
    {
        var result = Assert.IsType<ContentResult>(await RegisterFunction().ConsoleRegister(owner.Get("/api/console/courses/nope/register"), "nope", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
    }
}
