using System.Text.RegularExpressions;
using HappyBabyHive.BrowserTests.Support;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;
using Microsoft.Playwright;
using static HappyBabyHive.BrowserTests.Support.FormPageChecks;

namespace HappyBabyHive.BrowserTests.Payments;

/// <summary>
/// Book → the fake Stripe's checkout page → Pay or Leave → back to the app's return page, in headless Chromium, with
/// payments on against the local fake Stripe (its page sends the signed webhook, as Stripe does).
/// </summary>
[Collection(UsesPaidApp.Name)]
public sealed partial class CheckoutBrowserTests(PaidAppOverHttp app)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_parent_books_pays_on_the_checkout_page_and_lands_on_you_are_booked(bool javaScript)
    {
        var course = await app.SeedCourseAsync("Gentle Baby Massage");
        var email = NewEmail();
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone(javaScript));
        var page = await context.NewPageAsync();

        await BookAsync(page, course, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pay", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("£60.00");
        await PageChecks.AssertNoAxeViolationsOfAsync(page, javaScript);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay £60.00" }).ClickAsync();

        // "We're confirming" refreshes itself every few seconds until the webhook's event is applied.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/payments/success\\?session_id=cs_test_"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You're booked", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Thank you, you've paid");
        await PageChecks.AssertNoAxeViolationsOfAsync(page, javaScript);
        await PageChecks.ScreenshotAsync(app, page, $"checkout-paid-{(javaScript ? "js" : "nojs")}.png");

        await app.Maildev.WaitForAsync(email, e => e.Subject.StartsWith("You're booked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parent_who_leaves_without_paying_is_told_until_when_the_place_is_held_and_can_go_back_to_pay()
    {
        var course = await app.SeedCourseAsync("Gentle Baby Massage");
        await using var context = await app.Browser.NewContextAsync(PageChecks.Phone());
        var page = await context.NewPageAsync();

        var booked = DateTimeOffset.UtcNow;
        await BookAsync(page, course, NewEmail());
        var checkoutUrl = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Leave without paying" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/payments/cancelled\\?session_id=cs_test_"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Payment not finished");
        var held = await page.Locator("main").InnerTextAsync();
        var until = HeldUntil().Match(held);
        Assert.True(until.Success, held);
        // Held for the checkout lifetime (30 minutes) plus a minute of slack, from when the form was sent, in UK time.
        var expected = Enumerable.Range(30, 4).Select(m => UkDateFormat.Clock(booked.AddMinutes(m))).ToList();
        Assert.Contains(until.Groups[1].Value, expected);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await PageChecks.ScreenshotAsync(app, page, "checkout-left.png");

        // The session is still open (as at Stripe), so "Back to payment" returns to the same checkout page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to payment" }).ClickAsync();
        Assert.Equal(checkoutUrl, page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay £60.00" })).ToBeVisibleAsync();
    }

    private async Task BookAsync(IPage page, Course course, string email)
    {
        await page.GotoAsync(FormUrl(app, "booking", course));
        await page.Locator($"input[value='{course.Id}']").CheckAsync();
        await page.GetByLabel("Your name").FillAsync("Sam <b>Smith</b>");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Baby's first name").FillAsync("Ada");
        await page.GetByLabel("Baby's date of birth").FillAsync(Dob(course));
        await page.GetByLabel("I accept the booking terms").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Book my place" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.Stripe.BaseAddress.AbsoluteUri) + "c/pay/cs_test_"));
    }

    [GeneratedRegex(@"holding your place until (\d{1,2}:\d{2})")]
    private static partial Regex HeldUntil();
}
