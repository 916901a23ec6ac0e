using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HappyBabyHive.Courses;
using HappyBabyHive.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// The corpus against every HTTP function listed in functions.metadata, over real HTTP through the local runner on
/// Azurite. Every answer must be a 4xx problem detail, a page, or a success; never a 5xx. Every refused write must
/// leave every table and queue exactly as it was.
/// </summary>
[Collection(UsesEmulators.Name)]
public sealed class HostileInputTests(EmulatorFixture emulators, ITestOutputHelper output) : IAsyncLifetime
{
    private HostileHost host = null!;
    private Seed seed = null!;

    public async Task InitializeAsync()
    {
        host = await HostileHost.StartAsync(emulators);
        var course = SampleCourses.Upcoming();
        await host.Runner.Services.GetRequiredService<ICourseStore>().TryAddAsync(course, CancellationToken.None);
        var dob = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var http = host.CreateClient();
        using var freePlace = await http.PostAsJsonAsync("free-place-requests", new
        {
            courseId = course.Id, parentName = "Jo Bloggs", email = "seed@example.co.uk", babyFirstName = "Bea", babyDateOfBirth = dob, referralSource = "Self", consentToStore = true,
        });
        Assert.Equal(HttpStatusCode.Created, freePlace.StatusCode);
        var requestId = (await freePlace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        seed = new Seed(course.Id, requestId, "family@example.co.uk", dob, Seed.DetailsJson(course.FirstSessionUkDate.AddDays(7)));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void Every_http_function_has_hostile_input_coverage()
    {
        var served = host.HttpFunctions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(served.Except(EndpointCatalog.Functions.Keys));
        Assert.Empty(EndpointCatalog.Functions.Keys.Except(served));
    }

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_are_answered_cleanly_and_refusals_store_nothing()
    {
        var failures = new List<string>();
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();
        foreach (var function in host.HttpFunctions)
        {
            using var http = host.CreateClient(withFunctionKey: function.Trigger!.AuthLevel?.Equals("Function", StringComparison.OrdinalIgnoreCase) == true);
            var beforeFunction = await host.SnapshotAsync();
            var wrote = false;
            foreach (var request in EndpointCatalog.RequestsFor(function, seed))
            {
                var before = request.Body is null ? null : await host.SnapshotAsync();
                using var message = request.ToMessage();
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(message);
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{request}: the connection failed ({e.Message})");
                    continue;
                }

                using (response)
                {
                    sent++;
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                    var body = await response.Content.ReadAsStringAsync();
                    failures.AddRange(ResponseProblems(response, body).Select(p => $"{request}: {p}"));
                    if (before is not null)
                    {
                        var changes = (await host.SnapshotAsync()).ChangesSince(before);
                        wrote |= changes.Count > 0;
                        if ((int)response.StatusCode >= 300 && changes.Count > 0)
                        {
                            failures.Add($"{request}: refused with {(int)response.StatusCode} but storage changed: {string.Join("; ", changes.Take(3))}");
                        }
                    }
                }
            }

            if (!wrote && function.Trigger.Methods?.All(m => m is "get" or "options") == true)
            {
                var changes = (await host.SnapshotAsync()).ChangesSince(beforeFunction);
                if (changes.Count > 0)
                {
                    failures.Add($"{function.Name}: a read changed storage: {string.Join("; ", changes.Take(3))}");
                }
            }
        }

        output.WriteLine($"{sent} requests; answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}");
        Assert.True(sent > 1000, $"Only {sent} requests were sent.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests were answered badly:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>
    /// The pages a business's website may show in a frame: the public forms (and what their posts answer), and the
    /// privacy notice every form links to (opened from an embedded form, it opens inside the frame).
    /// </summary>
    private static readonly HashSet<string> EmbeddableForms = new(StringComparer.Ordinal)
    {
        "BookingForm", "BookingFormPost", "FreePlaceForm", "FreePlaceFormPost", "TipsForm", "TipsFormPost", "PrivacyNotice",
    };

    [Fact]
    public async Task Every_http_function_answers_with_the_security_headers()
    {
        // Signed in, so console routes answer with their pages (and the admin API with its JSON), not only redirects.
        using var console = host.CreateClient();
        await ConsoleSession.SignInAsync(host, console, emulators.Maildev, host.OwnerEmail);
        var cookie = console.DefaultRequestHeaders.GetValues("Cookie").Single();
        var failures = new List<string>();
        var checkedResponses = 0;
        foreach (var function in host.HttpFunctions)
        {
            using var http = host.CreateClient(withFunctionKey: function.Trigger!.AuthLevel?.Equals("Function", StringComparison.OrdinalIgnoreCase) == true);
            http.DefaultRequestHeaders.Add("Cookie", cookie);

            // A few of each function's requests, sent per method: a seeded id and hostile ones, bodies valid or not.
            foreach (var request in EndpointCatalog.RequestsFor(function, seed).GroupBy(r => r.Method).SelectMany(g => g.Take(3)))
            {
                // Never sign this session out in the middle (the posts carry no CSRF token, but be sure).
                if (request.Path.Contains("sign-out", StringComparison.Ordinal) && request.Body is { Length: > 0 })
                {
                    continue;
                }

                using var message = request.ToMessage();
                using var response = await http.SendAsync(message);
                checkedResponses++;
                failures.AddRange(HeaderProblems(function.Name, response).Select(p => $"{request} ({(int)response.StatusCode}): {p}"));
            }
        }

        output.WriteLine($"{checkedResponses} responses checked");
        Assert.True(checkedResponses > 100, $"Only {checkedResponses} responses were checked.");
        Assert.True(failures.Count == 0, $"{failures.Count} responses lack a security header:\n" + string.Join("\n", failures.Take(40)));
    }

    private static IEnumerable<string> HeaderProblems(string function, HttpResponseMessage response)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues) : string.Empty;

        if (!Header("Strict-Transport-Security").Contains("max-age=31536000", StringComparison.Ordinal))
        {
            yield return "no HSTS";
        }

        if (Header("X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        var policy = Header("Content-Security-Policy");
        if (!policy.Contains("frame-ancestors", StringComparison.Ordinal))
        {
            yield return "no frame-ancestors";
        }
        else if (!EmbeddableForms.Contains(function) && (!policy.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || Header("X-Frame-Options") != "DENY"))
        {
            yield return $"framable: CSP '{policy}', X-Frame-Options '{Header("X-Frame-Options")}'";
        }

        // Anything the owner's console or the admin API answers may carry personal data: never stored by a cache.
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        if ((path.Contains("/console", StringComparison.Ordinal) || path.Contains("/manage/", StringComparison.Ordinal) || path.Contains("free-place-review", StringComparison.Ordinal)) &&
            !Header("Cache-Control").Contains("no-store", StringComparison.Ordinal))
        {
            yield return $"Cache-Control '{Header("Cache-Control")}', not no-store";
        }
    }

    [Fact]
    public async Task Hostile_values_in_every_signed_in_console_form_are_answered_cleanly_and_refusals_store_nothing()
    {
        using var http = host.CreateClient();
        await ConsoleSession.SignInAsync(host, http, emulators.Maildev, host.OwnerEmail);
        var pages = new[] { "console", "console/courses", "console/courses/new", $"console/courses/{seed.CourseId}", $"console/courses/{seed.CourseId}/edit", $"console/courses/{seed.CourseId}/cancel", "console/settings" };
        var forms = new List<(string Page, string Action, List<(string Name, string Value, bool Hidden)> Fields)>();
        foreach (var page in pages)
        {
            forms.AddRange((await ConsoleSession.FormsOnAsync(http, page)).Select(f => (page, f.Action, f.Fields)));
        }

        // Sign-out last: it ends the session the other forms need.
        forms = forms.Where(f => !f.Action.EndsWith("sign-out", StringComparison.Ordinal)).DistinctBy(f => f.Action).ToList();
        Assert.True(forms.Count >= 5, $"Only {forms.Count} console forms found: {string.Join(", ", forms.Select(f => f.Action))}");

        var failures = new List<string>();
        var sent = 0;
        foreach (var (page, action, fields) in forms)
        {
            var typed = fields.Where(f => !f.Hidden).Select(f => f.Name).ToList();
            var variants = HostileCorpus.Text.Select((text, i) => ($"every field=text#{i}", fields.Select(f => (f.Name, f.Hidden ? f.Value : text)).ToArray()))
                .Concat(typed.Select((name, i) => ($"{name}=text#{i % HostileCorpus.Text.Length}", fields.Select(f => (f.Name, f.Name == name ? HostileCorpus.Text[i % HostileCorpus.Text.Length] : f.Value)).ToArray())))
                .Concat(HostileCorpus.Dates(HappyBabyHive.Time.UkTime.Today(TimeProvider.System)).SelectMany(date =>
                    typed.Where(n => n.Contains("date", StringComparison.OrdinalIgnoreCase) || n.Contains("time", StringComparison.OrdinalIgnoreCase))
                        .Select(name => ($"{name}={date}", fields.Select(f => (f.Name, f.Name == name ? date : f.Value)).ToArray()))));
            foreach (var (label, values) in variants)
            {
                var request = $"console form on {page} posting to {action} [{label}]";
                var before = await host.SnapshotAsync();
                using var response = await http.PostAsync(action, new FormUrlEncodedContent(values.Select(v => new KeyValuePair<string, string>(v.Item1, ValidUtf16(v.Item2)))));
                sent++;
                var body = await response.Content.ReadAsStringAsync();
                failures.AddRange(ResponseProblems(response, body).Select(p => $"{request}: {p}"));
                var changes = (await host.SnapshotAsync()).ChangesSince(before);
                if ((int)response.StatusCode >= 400 && changes.Count > 0)
                {
                    failures.Add($"{request}: refused with {(int)response.StatusCode} but storage changed: {string.Join("; ", changes.Take(3))}");
                }
            }
        }

        output.WriteLine($"{sent} console posts to {forms.Count} forms: {string.Join(", ", forms.Select(f => f.Action))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} console posts were answered badly:\n" + string.Join("\n", failures.Take(60)));
    }

    // FormUrlEncodedContent cannot encode a lone surrogate; the invalid-UTF-8 corpus entries cover those bytes instead.
    private static string ValidUtf16(string value) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Never a 5xx; an error with a body is a problem detail (JSON) or a page (HTML), never a stack trace or plain text.</summary>
    internal static IEnumerable<string> ResponseProblems(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            yield return $"answered {status}: {Shorten(body)}";
            yield break;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 400 && body.Length > 0 && mediaType is not ("application/problem+json" or "text/html"))
        {
            yield return $"answered {status} as {mediaType ?? "no content type"}: {Shorten(body)}";
        }

        if (mediaType == "application/problem+json")
        {
            string? problem = null;
            try
            {
                using var json = JsonDocument.Parse(body);
                if (!json.RootElement.TryGetProperty("status", out var s) || s.GetInt32() != status || !json.RootElement.TryGetProperty("title", out _))
                {
                    problem = "a problem detail without a matching status and a title";
                }
            }
            catch (JsonException)
            {
                problem = "a problem detail that is not JSON";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }

        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Value.Any(v => v.Contains('\r', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal)))
            {
                yield return $"header {header.Key} has a line break";
            }
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
