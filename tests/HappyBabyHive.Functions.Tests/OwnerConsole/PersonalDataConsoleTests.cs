using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using HappyBabyHive.Functions;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.Privacy;
using HappyBabyHive.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static HappyBabyHive.Tests.OwnerConsole.ConsoleTestSupport;

namespace HappyBabyHive.Tests.OwnerConsole;

/// <summary>Export and erase by email address in the console (issue 17): the form, the download, the confirm step, the erasure.</summary>
public sealed class PersonalDataConsoleTests
{
    private const string Address = "Sam.Parent@Example.co.uk";
    private const string Normalised = "sam.parent@example.co.uk";
    private const string Base = "/api/console/personal-data";

    private readonly SignedIn owner = new();
    private readonly Mock<IPersonalDataStore> store = new(MockBehavior.Strict);

    private ConsolePersonalDataHttp Function() => new(
        owner.Guard(),
        new PersonalDataService(store.Object, TestSettings.Hasher, owner.Clock, NullLogger<PersonalDataService>.Instance),
        new PersonalDataPage(ConsoleTestSupport.Page()));

    private static HeldRow Row(string table, string rowKey) => new(table, "p", rowKey, new Dictionary<string, object?> { ["Email"] = Normalised });

    private static readonly PersonalDataExport Held = new(
        [Row("Bookings", "booking|1"), Row("Bookings", "booking|2")],
        [Row("FreePlaceRequests", "r1")],
        [Row("TipSubscribers", "s")],
        [],
        [],
        [Row("Bookings", "outbox|1")]);

    private void HoldsForTheAddress() =>
        store.Setup(s => s.ExportAsync(It.Is<PersonalDataSubject>(p => p.NormalisedEmail == Normalised), It.IsAny<CancellationToken>())).ReturnsAsync(Held);

    [Fact]
    public async Task The_page_asks_for_an_address_and_posts_it_only_in_the_body()
    {
        using var page = Parse(await Function().ConsolePersonalData(owner.Get(Base)));

        var form = page.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Equal(("post", Base + "/export"), (form.Method, form.GetAttribute("action")));
        Assert.Equal(Base + "/erase/review", form.QuerySelector("button[formaction]")!.GetAttribute("formaction"));
        Assert.Equal(("email", "email"), (page.QuerySelector<IHtmlInputElement>("input#f-email")!.Name, page.QuerySelector<IHtmlInputElement>("input#f-email")!.Type));
        Assert.NotNull(page.QuerySelector("main form input[name=csrf]"));
        Assert.Equal("settings", page.QuerySelector("nav a[aria-current=page]")!.GetAttribute("href")!.Split('/')[^1]);
    }

    [Fact]
    public async Task The_settings_page_links_to_it()
    {
        var settings = new Mock<HappyBabyHive.Settings.IBusinessSettingsStore>();
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new HappyBabyHive.Settings.BusinessSettings("x", 10m, null));
        var function = new ConsoleSettingsHttp(owner.Guard(), settings.Object, new SettingsPage(ConsoleTestSupport.Page()));

        using var page = Parse(await function.ConsoleSettings(owner.Get("/api/console/settings"), CancellationToken.None));

        Assert.Contains(page.QuerySelectorAll("main a"), a => a.GetAttribute("href") == Base);
        Assert.DoesNotContain(page.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == Base);
    }

    [Theory]
    [InlineData("export")]
    [InlineData("erase/review")]
    [InlineData("erase")]
    public async Task Hostile_text_for_an_address_is_shown_back_as_text_and_nothing_is_read_or_changed(string step)
    {
        var hostile = HostileHtml.AllInOne + "@example.com";
        var request = owner.Post($"{Base}/{step}", ("email", hostile));

        var result = Assert.IsType<ContentResult>(await Step(step, request));
        using var page = Parse(result);

        Assert.Equal(422, result.StatusCode);
        HostileHtml.AssertOnlyText(result.Content!, hostile);
        Assert.Equal(hostile, page.QuerySelector<IHtmlInputElement>("input#f-email")!.Value);
        Assert.Contains("name@example.com", page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        store.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("export", "csrf=forged&email=sam.parent%40example.co.uk")]
    [InlineData("erase/review", "email=sam.parent%40example.co.uk")]
    [InlineData("erase", "csrf=&email=sam.parent%40example.co.uk")]
    public async Task A_post_without_the_sessions_csrf_token_is_refused_and_nothing_is_read_or_changed(string step, string body)
    {
        var request = FormPost(owner.CookieValue, body, $"{Base}/{step}");
        request.Headers["Sec-Fetch-Site"] = "same-origin";

        var result = Assert.IsType<ContentResult>(await Step(step, request));

        Assert.Equal(403, result.StatusCode);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_cross_site_post_is_refused()
    {
        var request = owner.Post($"{Base}/erase", ("email", Address));
        request.Headers["Sec-Fetch-Site"] = "cross-site";

        Assert.Equal(403, Assert.IsType<ContentResult>(await Function().ConsoleErasePersonalData(request, CancellationToken.None)).StatusCode);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_export_is_a_json_attachment_named_without_the_address_and_not_stored()
    {
        HoldsForTheAddress();
        var request = owner.Post($"{Base}/export", ("email", "  " + Address + " "));

        var file = Assert.IsType<FileContentResult>(await Function().ConsoleExportPersonalData(request, CancellationToken.None));

        Assert.Equal("application/json", file.ContentType);
        Assert.Equal("personal-data-2026-11-25.json", file.FileDownloadName);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        using var json = JsonDocument.Parse(file.FileContents);
        Assert.Equal(Normalised, json.RootElement.GetProperty("email").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("bookings").GetArrayLength());
        Assert.Equal(1, json.RootElement.GetProperty("owedEmails").GetArrayLength());
        Assert.Equal("booking|1", json.RootElement.GetProperty("bookings")[0].GetProperty("rowKey").GetString());
        store.Verify(s => s.EraseAsync(It.IsAny<PersonalDataSubject>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_confirm_step_shows_what_would_change_and_changes_nothing()
    {
        HoldsForTheAddress();

        var result = Assert.IsType<ContentResult>(await Function().ConsoleReviewErasure(owner.Post($"{Base}/erase/review", ("email", Address)), CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(
            ["Bookings to anonymise: 2", "Free-place requests to delete: 1", "Tips subscriptions to delete: 1", "Emails not yet sent, to delete: 1"],
            page.QuerySelectorAll("ul.counts li").Select(li => li.TextContent).ToArray());
        var form = page.QuerySelector<IHtmlFormElement>("main form")!;
        Assert.Equal(Base + "/erase", form.GetAttribute("action"));
        Assert.Equal(Normalised, form.QuerySelector<IHtmlInputElement>("input[name=email]")!.Value);
        Assert.Equal(owner.Session.CsrfToken, form.QuerySelector<IHtmlInputElement>("input[name=csrf]")!.Value);
        store.Verify(s => s.ExportAsync(It.IsAny<PersonalDataSubject>(), It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Erase_calls_the_service_once_records_it_as_from_the_console_and_shows_the_counts()
    {
        var counts = new ErasureCounts(2, 1, 1, 1, 0, 0, 1);
        store.Setup(s => s.EraseAsync(It.Is<PersonalDataSubject>(p => p.NormalisedEmail == Normalised), owner.Clock.GetUtcNow(), It.IsAny<CancellationToken>())).ReturnsAsync(counts);
        store.Setup(s => s.RecordErasureAsync(It.IsAny<ErasureAudit>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = Assert.IsType<ContentResult>(await Function().ConsoleErasePersonalData(owner.Post($"{Base}/erase", ("email", Address)), CancellationToken.None));
        using var page = Parse(result);

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("6 rows changed", page.QuerySelector("main .flash")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bookings anonymised: 2", page.QuerySelectorAll("ul.counts li").Select(li => li.TextContent));
        store.Verify(s => s.EraseAsync(It.IsAny<PersonalDataSubject>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.RecordErasureAsync(It.Is<ErasureAudit>(a => a.RequestedVia == ErasureVia.Console && a.Counts == counts && !a.AddressHash.Contains('@')), It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("export")]
    [InlineData("erase")]
    public async Task Without_a_recent_sign_in_the_owner_is_asked_to_confirm_it_is_her_and_nothing_is_read_or_changed(string step)
    {
        owner.Clock.Advance(TimeSpan.FromMinutes(16));

        using var page = Parse(await Step(step, owner.Post($"{Base}/{step}", ("email", Address))));

        Assert.StartsWith("Confirm it", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        store.VerifyNoOtherCalls();
    }

    private Task<IActionResult> Step(string step, Microsoft.AspNetCore.Http.HttpRequest request) => step switch
    {
        "export" => Function().ConsoleExportPersonalData(request, CancellationToken.None),
        "erase/review" => Function().ConsoleReviewErasure(request, CancellationToken.None),
        "erase" => Function().ConsoleErasePersonalData(request, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
