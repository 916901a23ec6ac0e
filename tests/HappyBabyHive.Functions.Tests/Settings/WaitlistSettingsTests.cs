using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using FluentValidation;
using HappyBabyHive.Configuration;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Settings;
using HappyBabyHive.Tests.OwnerConsole;
using HappyBabyHive.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.Settings;

/// <summary>The owner's two waitlist settings (#15): how added places reach the waitlist, and the early release of free places.</summary>
public sealed class WaitlistSettingsTests
{
    private readonly BusinessSettingsInputValidator validator = new();

    private static BusinessSettingsInput Valid() => new() { DeclineSignposting = "Your health visitor can help.", DonationPercent = "10" };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("offer")]
    [InlineData("book-straight-in")]
    [InlineData(" Book-Straight-In ")]
    public void Either_waitlist_choice_is_accepted_and_none_means_offer(string? fill)
    {
        Assert.True(validator.Validate(Valid() with { WaitlistFill = fill }).IsValid);
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("<script>")]
    [InlineData("BookStraightIn")]
    public void Any_other_waitlist_choice_is_refused_in_plain_words(string fill)
    {
        var error = Assert.Single(validator.Validate(Valid() with { WaitlistFill = fill }).Errors);

        Assert.Equal(("WaitlistFill", "Please choose whether waiting families are offered new places by email or booked straight in."), (error.PropertyName, error.ErrorMessage));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("1", null)]
    [InlineData("7", null)]
    [InlineData(" 28 ", null)]
    [InlineData("", "Please give the number of days before the start, e.g. 7.")]
    [InlineData("  ", "Please give the number of days before the start, e.g. 7.")]
    [InlineData("seven", "Please give the days as a whole number, e.g. 7.")]
    [InlineData("7.5", "Please give the days as a whole number, e.g. 7.")]
    [InlineData("-3", "Please give the days as a whole number, e.g. 7.")]
    [InlineData("0", "The number of days must be between 1 and 28.")]
    [InlineData("29", "The number of days must be between 1 and 28.")]
    [InlineData("99999999999", "Please give the days as a whole number, e.g. 7.")]
    public void Release_days_are_off_when_missing_and_a_whole_number_from_1_to_28_when_given(string? days, string? message)
    {
        var result = validator.Validate(Valid() with { ReleaseFreePlacesDaysBefore = days });

        Assert.Equal(message, result.Errors.SingleOrDefault()?.ErrorMessage);
    }

    [Fact]
    public void The_form_and_the_api_use_the_same_names_for_the_choice()
    {
        Assert.Equal(SettingsModel.OfferValue, BusinessSettingsInputValidator.OfferValue);
        Assert.Equal(SettingsModel.BookStraightInValue, BusinessSettingsInputValidator.BookStraightInValue);
    }

    [Fact]
    public async Task Saved_choices_come_back_and_a_row_from_before_gets_the_defaults()
    {
        StoredSettings? row = null;
        var rows = new Mock<ISettingsRow>();
        rows.Setup(r => r.ReadAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => row);
        rows.Setup(r => r.WriteAsync(It.IsAny<StoredSettings>(), It.IsAny<CancellationToken>())).Callback<StoredSettings, CancellationToken>((s, _) => row = s);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        BusinessSettingsStore Store() => new(rows.Object, validator, Options.Create(new FreePlaceOptions()), Options.Create(new BusinessOptions()), time);

        Assert.Equal((WaitlistFill.Offer, (int?)null), Defaults(await Store().GetAsync(CancellationToken.None)));
        var saved = Assert.IsType<SettingsSaveOutcome.Saved>(await Store().SaveAsync(Valid() with { WaitlistFill = "book-straight-in", ReleaseFreePlacesDaysBefore = " 7" }, CancellationToken.None));

        Assert.Equal((WaitlistFill.BookStraightIn, (int?)7), Defaults(saved.Settings));
        Assert.Equal(("BookStraightIn", (int?)7), (row!.WaitlistFill, row.ReleaseFreePlacesDaysBefore));
        Assert.Equal((WaitlistFill.BookStraightIn, (int?)7), Defaults(await Store().GetAsync(CancellationToken.None)));

        // A row written before #15 (or by a newer version with a name this one doesn't know): the safe defaults.
        row = new StoredSettings("Text", "10", time.GetUtcNow()) { WaitlistFill = "Something", ReleaseFreePlacesDaysBefore = 0 };
        Assert.Equal((WaitlistFill.Offer, (int?)null), Defaults(await Store().GetAsync(CancellationToken.None)));

        static (WaitlistFill, int?) Defaults(BusinessSettings s) => (s.WaitlistFill, s.ReleaseFreePlacesDaysBefore);
    }

    [Fact]
    public void The_api_shows_both_settings()
    {
        var response = HappyBabyHive.Http.SettingsResponse.From(new BusinessSettings("x", 10, null) { WaitlistFill = WaitlistFill.BookStraightIn, ReleaseFreePlacesDaysBefore = 5 });

        Assert.Equal(("book-straight-in", (int?)5), (response.WaitlistFill, response.ReleaseFreePlacesDaysBefore));
    }

    private readonly SignedIn owner = new();
    private readonly Mock<IBusinessSettingsStore> settings = new();

    private ConsoleSettingsHttp SettingsFunction() => new(owner.Guard(), settings.Object, new SettingsPage(ConsoleTestSupport.Page()));

    [Fact]
    public async Task The_console_shows_the_choice_and_the_release_with_a_suggested_week_while_it_is_off()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Talk to your GP.", 12.5m, null));

        using var page = Parse(await SettingsFunction().ConsoleSettings(owner.Get("/api/console/settings"), CancellationToken.None));

        var radios = page.QuerySelectorAll<IHtmlInputElement>("input[name=waitlistFill]").ToList();
        Assert.Equal(["offer", "book-straight-in"], radios.Select(r => r.Value));
        Assert.Equal([true, false], radios.Select(r => r.IsChecked));
        Assert.Equal("When you add places to a course with a waitlist", page.QuerySelector("fieldset[data-field=waitlistFill] legend")!.TextContent);
        Assert.False(page.QuerySelector<IHtmlInputElement>("input#f-releaseFreePlaces")!.IsChecked);
        Assert.Equal("7", page.QuerySelector<IHtmlInputElement>("input#f-releaseFreePlacesDaysBefore")!.Value);
    }

    [Fact]
    public async Task The_console_shows_saved_choices()
    {
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BusinessSettings("x", 10m, null) { WaitlistFill = WaitlistFill.BookStraightIn, ReleaseFreePlacesDaysBefore = 3 });

        using var page = Parse(await SettingsFunction().ConsoleSettings(owner.Get("/api/console/settings"), CancellationToken.None));

        Assert.True(page.QuerySelector<IHtmlInputElement>("input[name=waitlistFill][value=book-straight-in]")!.IsChecked);
        Assert.True(page.QuerySelector<IHtmlInputElement>("input#f-releaseFreePlaces")!.IsChecked);
        Assert.Equal("3", page.QuerySelector<IHtmlInputElement>("input#f-releaseFreePlacesDaysBefore")!.Value);
    }

    [Theory]
    // Unticked: off, whatever the days field holds.
    [InlineData(null, "14", null)]
    // Ticked: the days as typed, and an empty field is sent as empty (the validator asks for a number).
    [InlineData("true", "14", "14")]
    [InlineData("true", null, "")]
    public async Task The_console_turns_the_release_on_only_when_the_box_is_ticked(string? ticked, string? days, string? expected)
    {
        BusinessSettingsInput? sent = null;
        settings.Setup(s => s.SaveAsync(It.IsAny<BusinessSettingsInput>(), It.IsAny<CancellationToken>()))
            .Callback<BusinessSettingsInput, CancellationToken>((i, _) => sent = i)
            .ReturnsAsync(new SettingsSaveOutcome.Saved(new BusinessSettings("x", 10m, owner.Clock.GetUtcNow())));
        var fields = new List<(string, string)> { ("declineSignposting", "x"), ("donationPercent", "10"), ("waitlistFill", "book-straight-in") };
        if (ticked is not null)
        {
            fields.Add(("releaseFreePlaces", ticked));
        }

        if (days is not null)
        {
            fields.Add(("releaseFreePlacesDaysBefore", days));
        }

        await SettingsFunction().ConsoleSaveSettings(owner.Post("/api/console/settings", [.. fields]), CancellationToken.None);

        Assert.Equal(("book-straight-in", expected), (sent!.WaitlistFill, sent.ReleaseFreePlacesDaysBefore));
    }

    [Fact]
    public async Task A_mistake_in_the_days_is_shown_beside_the_field_and_hostile_text_stays_text()
    {
        var hostile = HostileHtml.AllInOne;
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BusinessSettings("Old text", 10m, null));
        settings.Setup(s => s.SaveAsync(It.IsAny<BusinessSettingsInput>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SettingsSaveOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["waitlistFill"] = ["Please choose whether waiting families are offered new places by email or booked straight in."],
                ["releaseFreePlacesDaysBefore"] = ["Please give the days as a whole number, e.g. 7."],
            }));

        var result = Assert.IsType<ContentResult>(await SettingsFunction().ConsoleSaveSettings(
            owner.Post("/api/console/settings", ("declineSignposting", "x"), ("donationPercent", "10"), ("waitlistFill", hostile), ("releaseFreePlaces", "true"), ("releaseFreePlacesDaysBefore", hostile)),
            CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        HostileHtml.AssertOnlyText(result.Content!, hostile);
        Assert.Equal(hostile, page.QuerySelector<IHtmlInputElement>("#f-releaseFreePlacesDaysBefore")!.Value);
        Assert.True(page.QuerySelector<IHtmlInputElement>("input#f-releaseFreePlaces")!.IsChecked);
        Assert.Equal("Please give the days as a whole number, e.g. 7.", page.QuerySelector("#error-summary a[href='#f-releaseFreePlacesDaysBefore']")!.TextContent);
        Assert.NotNull(page.QuerySelector("#error-summary a[href^='#f-waitlistFill']"));
        Assert.DoesNotContain(page.QuerySelectorAll<IHtmlInputElement>("input[name=waitlistFill]"), r => r.IsChecked);
    }
}
