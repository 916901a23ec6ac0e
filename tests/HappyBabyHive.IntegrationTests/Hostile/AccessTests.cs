using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>Keys, signed links and rate limits, over real HTTP through the local runner.</summary>
public sealed partial class AccessTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Every_manage_route_refuses_a_missing_or_wrong_function_key()
    {
        await using var host = await HostileHost.StartAsync(emulators);
        var manage = host.HttpFunctions.Where(f => f.Trigger!.Route!.StartsWith("manage/", StringComparison.Ordinal)).ToList();
        Assert.True(manage.Count >= 10, $"Only {manage.Count} manage/ routes in functions.metadata.");
        Assert.All(manage, f => Assert.Equal("Function", f.Trigger!.AuthLevel, ignoreCase: true));

        using var http = host.CreateClient();
        var wrongKeys = new (string Label, Action<HttpRequestMessage> Apply)[]
        {
            ("no key", _ => { }),
            ("wrong key in the header", m => m.Headers.Add(FunctionKeys.HeaderName, "wrong-key")),
            ("wrong key in the query", m => m.RequestUri = new Uri(m.RequestUri!.OriginalString + "?code=wrong-key", UriKind.Relative)),
            ("the key with a different case", m => m.Headers.Add(FunctionKeys.HeaderName, host.Runner.Keys.FunctionKey.ToUpperInvariant())),
            ("the key with a character added", m => m.Headers.Add(FunctionKeys.HeaderName, host.Runner.Keys.FunctionKey + "x")),
            ("an empty key", m => m.Headers.TryAddWithoutValidation(FunctionKeys.HeaderName, string.Empty)),
        };
        var before = await host.SnapshotAsync();
        foreach (var function in manage)
        {
            foreach (var method in function.Trigger!.Methods!)
            {
                foreach (var (label, apply) in wrongKeys)
                {
                    using var message = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), Regex.Replace(function.Trigger.Route!, @"\{\w+\}", "massage-test"));
                    if (method is "post" or "put")
                    {
                        message.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    apply(message);
                    using var response = await http.SendAsync(message);
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{function.Name} {method} with {label}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty((await host.SnapshotAsync()).ChangesSince(before));
    }

    [Fact]
    public async Task A_review_link_refuses_tampering_reuse_and_expiry_and_decides_nothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var owner = $"own-{Guid.NewGuid():N}@happybabyhive.test";
        await using var host = await StartWithClockAsync(clock, owner);
        using var http = host.CreateClient();
        var course = await SeedCourseAsync(host);
        using (var created = await http.PostAsJsonAsync("free-place-requests", new { courseId = course.Id, parentName = "Jo Bloggs", email = $"fp-{Guid.NewGuid():N}@example.co.uk", babyFirstName = "Bea", babyDateOfBirth = Dob(course), referralSource = "Self", consentToStore = true }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await host.DeliverEmailsAsync();
        var token = TokenIn(Assert.Single(await emulators.Maildev.WaitForAsync(owner)), "free-place-review");

        foreach (var (label, bad) in Tampered(token))
        {
            using var shown = await http.GetAsync("free-place-review?token=" + Uri.EscapeDataString(bad));
            using var decided = await http.PostAsync("free-place-review", Form(("token", bad), ("decision", "decline")));
            AssertRefusedPage(shown, "review page, " + label);
            AssertRefusedPage(decided, "review decision, " + label);
        }

        // Pressed once, the link signs the owner in and opens the console's page; an old link cannot be reused.
        using (var opened = await http.PostAsync("free-place-review", Form(("token", token))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            Assert.StartsWith("/api/console/free-places/fp-", opened.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Contains(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Secure-hbh-owner=", StringComparison.Ordinal));
        }

        using (var reopened = await http.PostAsync("free-place-review", Form(("token", token))))
        using (var reshown = await http.GetAsync("free-place-review?token=" + Uri.EscapeDataString(token)))
        {
            Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (reopened.StatusCode, reshown.StatusCode));
            Assert.False(reopened.Headers.Contains("Set-Cookie"));
        }

        clock.Advance(TimeSpan.FromDays(15));
        using var expired = await http.PostAsync("free-place-review", Form(("token", token), ("decision", "decline")));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);

        using var manage = host.CreateClient(withFunctionKey: true);
        var pending = await manage.GetFromJsonAsync<JsonElement>("manage/free-place-requests");
        Assert.All(pending.EnumerateArray(), r => Assert.Equal("pending", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Tips_links_refuse_tampering_and_expiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartWithClockAsync(clock, $"own-{Guid.NewGuid():N}@happybabyhive.test");
        using var http = host.CreateClient();
        var email = $"tips-{Guid.NewGuid():N}@example.co.uk";
        using (var subscribed = await http.PostAsJsonAsync("subscriptions", new { email, consent = true }))
        {
            Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        }

        await host.DeliverEmailsAsync();
        var confirm = Assert.Single(await emulators.Maildev.WaitForAsync(email));
        var token = TokenIn(confirm, "subscriptions/confirm");
        var before = await host.SnapshotAsync();

        foreach (var (label, bad) in Tampered(token))
        {
            foreach (var route in new[] { "subscriptions/confirm", "subscriptions/unsubscribe" })
            {
                using var posted = await http.PostAsync(route, Form(("token", bad)));
                using var oneClick = await http.PostAsync($"{route}?token={Uri.EscapeDataString(bad)}", Form(("List-Unsubscribe", "One-Click")));
                AssertRefusedPage(posted, $"{route}, {label}");
                AssertRefusedPage(oneClick, $"{route} one-click, {label}");
            }
        }

        // A confirmation link is for confirming only: it does not unsubscribe.
        using (var wrongPurpose = await http.PostAsync("subscriptions/unsubscribe", Form(("token", token))))
        {
            AssertRefusedPage(wrongPurpose, "a confirm token used to unsubscribe");
        }

        Assert.Empty((await host.SnapshotAsync()).ChangesSince(before));

        clock.Advance(TimeSpan.FromDays(8));
        using var expired = await http.PostAsync("subscriptions/confirm", Form(("token", token)));
        AssertRefusedPage(expired, "an expired confirm link");
        Assert.Empty((await host.SnapshotAsync()).ChangesSince(before));
    }

    [Fact]
    public async Task A_console_sign_in_link_refuses_tampering_reuse_and_expiry_and_so_does_the_session_cookie()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var owner = $"own-{Guid.NewGuid():N}@happybabyhive.test";
        await using var host = await StartWithClockAsync(clock, owner);
        using var http = host.CreateClient();

        var first = await RequestSignInTokenAsync(host, http, owner, 1);
        foreach (var (label, bad) in Tampered(first))
        {
            using var used = await http.PostAsync("console/sign-in/link", Form(("token", bad)));
            AssertRefusedPage(used, "sign-in, " + label);
            Assert.False(used.Headers.Contains("Set-Cookie"), label);
        }

        string cookie;
        using (var signedIn = await http.PostAsync("console/sign-in/link", Form(("token", first))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-hbh-owner=", StringComparison.Ordinal)).Split(';')[0];
        }

        // The session cookie is signed the same way: altered, it is no session at all.
        Assert.Equal(HttpStatusCode.OK, (await ConsoleAsync(http, cookie)).StatusCode);
        foreach (var (label, bad) in Tampered(cookie["__Secure-hbh-owner=".Length..]))
        {
            var response = await ConsoleAsync(http, "__Secure-hbh-owner=" + bad);
            Assert.True(response.StatusCode == HttpStatusCode.SeeOther && response.Headers.Location!.OriginalString.EndsWith("/console/sign-in", StringComparison.Ordinal), $"session cookie, {label}: {(int)response.StatusCode}");
        }

        using (var reused = await http.PostAsync("console/sign-in/link", Form(("token", first))))
        {
            AssertRefusedPage(reused, "a used sign-in link");
            Assert.False(reused.Headers.Contains("Set-Cookie"));
        }

        var second = await RequestSignInTokenAsync(host, http, owner, 2);
        clock.Advance(TimeSpan.FromMinutes(16));
        using var expired = await http.PostAsync("console/sign-in/link", Form(("token", second)));
        AssertRefusedPage(expired, "an expired sign-in link");
        Assert.False(expired.Headers.Contains("Set-Cookie"));

        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.SeeOther, (await ConsoleAsync(http, cookie)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_revokes_the_session_on_the_server_and_sign_out_everywhere_ends_every_device()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var owner = $"own-{Guid.NewGuid():N}@happybabyhive.test";
        await using var host = await StartWithClockAsync(clock, owner);
        using var http = host.CreateClient();
        var phone = await SignInOnDeviceAsync(host, http, owner, 1);
        var laptop = await SignInOnDeviceAsync(host, http, owner, 2);
        var tablet = await SignInOnDeviceAsync(host, http, owner, 3);

        // The phone signs out. Its cookie, replayed as a thief who copied it would, is no session any more.
        using (var signedOut = await PostConsoleFormAsync(http, phone, "console", "sign-out"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.SeeOther, (await ConsoleAsync(http, phone)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConsoleAsync(http, laptop)).StatusCode);

        // The devices page lists the two still signed in, this one marked.
        using (var devices = new HttpRequestMessage(HttpMethod.Get, "console/devices"))
        {
            devices.Headers.Add("Cookie", laptop);
            using var page = await http.SendAsync(devices);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(2, Regex.Count(html, "Signed in .+? · last used"));
            Assert.Equal(1, Regex.Count(html, Regex.Escape("<span class=\"tag\"> (this device)</span>")));
        }

        // Sign out everywhere, from the laptop: every device's cookie stops working, the laptop's included.
        using (var everywhere = await PostConsoleFormAsync(http, laptop, "console/devices", "sign-out-everywhere"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, everywhere.StatusCode);
        }

        foreach (var cookie in new[] { phone, laptop, tablet })
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await ConsoleAsync(http, cookie)).StatusCode);
        }

        // A fresh sign-in times out after 12 hours without use.
        var later = await SignInOnDeviceAsync(host, http, owner, 4);
        clock.Advance(TimeSpan.FromHours(11));
        Assert.Equal(HttpStatusCode.OK, (await ConsoleAsync(http, later)).StatusCode);
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(HttpStatusCode.SeeOther, (await ConsoleAsync(http, later)).StatusCode);
    }

    /// <summary>Signs in with the <paramref name="count"/>th emailed link, as a new device; returns its Cookie header value.</summary>
    private async Task<string> SignInOnDeviceAsync(HostileHost host, HttpClient http, string owner, int count)
    {
        var token = await RequestSignInTokenAsync(host, http, owner, count);
        using var signedIn = await http.PostAsync("console/sign-in/link", Form(("token", token)));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        return signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-hbh-owner=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>Posts the form on <paramref name="page"/> whose action ends with <paramref name="actionEnd"/>, as that device.</summary>
    private static async Task<HttpResponseMessage> PostConsoleFormAsync(HttpClient http, string cookie, string page, string actionEnd)
    {
        using var device = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = http.BaseAddress };
        device.DefaultRequestHeaders.Add("Cookie", cookie);
        var form = (await ConsoleSession.FormsOnAsync(device, page)).First(f => f.Action.EndsWith(actionEnd, StringComparison.Ordinal));
        using var message = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = Form([.. form.Fields.Select(f => (f.Name, f.Value))]) };
        message.Headers.Add("Cookie", cookie);
        return await http.SendAsync(message);
    }

    private static async Task<HttpResponseMessage> ConsoleAsync(HttpClient http, string cookie)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "console");
        message.Headers.Add("Cookie", cookie);
        var response = await http.SendAsync(message);
        response.Dispose(); // only the status and headers are read
        return response;
    }

    private async Task<HostileHost> StartWithClockAsync(FakeTimeProvider clock, string owner) =>
        await HostileHost.StartAsync(
            emulators,
            configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            settings: new Dictionary<string, string?> { ["Business__OwnerEmail"] = owner });

    private async Task<string> RequestSignInTokenAsync(HostileHost host, HttpClient http, string owner, int count)
    {
        using (var requested = await http.PostAsync("console/sign-in", Form(("email", owner))))
        {
            Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        }

        await host.DeliverEmailsAsync();
        var emails = await emulators.Maildev.WaitForAsync(owner, count);
        Assert.Equal(count, emails.Count);
        return TokenIn(emails[^1], "console/sign-in/link"); // maildev lists in arrival order
    }

    private static async Task<Course> SeedCourseAsync(HostileHost host)
    {
        var course = SampleCourses.Upcoming();
        await host.Runner.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        return course;
    }

    private static string Dob(Course course) => course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The ways a token gets altered: its signature, its payload (another subject), truncation, extra parts.</summary>
    private static IEnumerable<(string Label, string Token)> Tampered(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = token[..dot];
        var signature = token[(dot + 1)..];
        yield return ("a changed signature", payload + "." + Flip(signature));
        yield return ("a changed payload", Flip(payload) + "." + signature);
        yield return ("the signature cut short", payload + "." + signature[..^4]);
        yield return ("no signature", payload + ".");
        yield return ("an extra part", token + ".AAAA");
        yield return ("a forged subject", Convert.ToBase64String(Encoding.UTF8.GetBytes("review\nfp-someone-else\n9999999999")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + signature);
        yield return ("empty", string.Empty);
    }

    private static string Flip(string text) => text[..^2] + (text[^2] == 'A' ? 'B' : 'A') + text[^1];

    private static void AssertRefusedPage(HttpResponseMessage response, string label)
    {
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{label}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static string TokenIn(MaildevEmail email, string route)
    {
        var match = Regex.Match(email.Text ?? string.Empty, @"/api/" + Regex.Escape(route) + @"\?token=([A-Za-z0-9_.%\-]+)");
        Assert.True(match.Success, $"No {route} link in '{email.Subject}'.");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
