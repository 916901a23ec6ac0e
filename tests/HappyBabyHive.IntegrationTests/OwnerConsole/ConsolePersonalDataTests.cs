using System.Net;
using System.Text.Json;
using HappyBabyHive.IntegrationTests.Hostile;
using HappyBabyHive.IntegrationTests.Support;

namespace HappyBabyHive.IntegrationTests.OwnerConsole;

/// <summary>
/// Export and erase by email address in the console, over real HTTP through the local runner on Azurite: the owner
/// signs in (which leaves her sign-in rows), downloads her own data, reviews the erasure (nothing changes) and erases.
/// </summary>
[Collection(UsesEmulators.Name)]
public sealed class ConsolePersonalDataTests(EmulatorFixture emulators)
{
    [Fact]
    public async Task The_owner_downloads_reviews_and_erases_by_address_with_the_address_only_in_post_bodies()
    {
        await using var host = await HostileHost.StartAsync(emulators);
        using var http = host.CreateClient();
        await ConsoleSession.SignInAsync(host, http, emulators.Maildev, host.OwnerEmail);

        Assert.Contains("href=\"/api/console/personal-data\"", await http.GetStringAsync("console/settings"), StringComparison.Ordinal);
        var form = Assert.Single(await ConsoleSession.FormsOnAsync(http, "console/personal-data"), f => f.Fields.Any(field => field.Name == "email"));
        Assert.Equal("console/personal-data/export", form.Action);
        var csrf = form.Fields.Single(f => f.Name == "csrf").Value;

        using (var export = await http.PostAsync(form.Action, ConsoleSession.Form(("csrf", csrf), ("email", host.OwnerEmail.ToUpperInvariant()))))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
            Assert.DoesNotContain("@", export.Content.Headers.ContentDisposition!.FileName ?? string.Empty, StringComparison.Ordinal);
            Assert.True(export.Headers.CacheControl?.NoStore);
            using var json = JsonDocument.Parse(await export.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("signInRows").GetArrayLength() >= 1);
        }

        var before = await host.SnapshotAsync();
        using (var review = await http.PostAsync("console/personal-data/erase/review", ConsoleSession.Form(("csrf", csrf), ("email", host.OwnerEmail))))
        {
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            Assert.Contains("Console sign-in rows to delete", await review.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty((await host.SnapshotAsync()).ChangesSince(before));

        using (var refused = await http.PostAsync("console/personal-data/erase", ConsoleSession.Form(("email", host.OwnerEmail))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty((await host.SnapshotAsync()).ChangesSince(before));

        using var erase = await http.PostAsync("console/personal-data/erase", ConsoleSession.Form(("csrf", csrf), ("email", host.OwnerEmail)));
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Contains("Console sign-in rows deleted", await erase.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty((await host.SnapshotAsync()).ChangesSince(before));
    }
}
