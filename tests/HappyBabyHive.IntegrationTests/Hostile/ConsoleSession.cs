using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using HappyBabyHive.IntegrationTests.Support;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>Signs the owner in to the console the way she does (emailed link, then the button), and reads its forms.</summary>
public static partial class ConsoleSession
{
    /// <summary>Signs in and adds the session cookie to <paramref name="http"/>; returns the emails the sign-in sent.</summary>
    public static async Task<MaildevEmail> SignInAsync(HostileHost host, HttpClient http, Maildev inbox, string owner)
    {
        var already = (await inbox.ToAsync(owner)).Count;
        using (var requested = await http.PostAsync("console/sign-in", Form(("email", owner))))
        {
            Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        }

        await host.DeliverEmailsAsync();
        var email = (await inbox.WaitForAsync(owner, already + 1))[^1]; // maildev lists in arrival order
        var match = SignInLink().Match(email.Text ?? string.Empty);
        Assert.True(match.Success, "No sign-in link in the email.");
        using var signedIn = await http.PostAsync("console/sign-in/link", Form(("token", Uri.UnescapeDataString(match.Groups[1].Value))));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-hbh-owner=", StringComparison.Ordinal)).Split(';')[0];
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        return email;
    }

    /// <summary>Every POST form on a console page: where it posts (relative to the API) and its fields with their values.</summary>
    public static async Task<IReadOnlyList<(string Action, List<(string Name, string Value, bool Hidden)> Fields)>> FormsOnAsync(HttpClient http, string path)
    {
        var html = await http.GetStringAsync(path);
        using var document = new HtmlParser().ParseDocument(html);
        var page = new Uri(http.BaseAddress!, path);
        return document.Forms
            .Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase))
            .Select(f => (
                Action: http.BaseAddress!.MakeRelativeUri(new Uri(page, f.GetAttribute("action") ?? path)).OriginalString,
                Fields: f.Elements.OfType<IHtmlElement>()
                    .Where(e => e.GetAttribute("name") is { Length: > 0 })
                    .Where(e => e is not IHtmlInputElement { Type: "checkbox" or "radio" } input || input.IsChecked)
                    .Select(e => (e.GetAttribute("name")!, FieldValue(e), e is IHtmlInputElement { Type: "hidden" }))
                    .ToList()))
            .ToList();
    }

    private static string FieldValue(IHtmlElement element) => element switch
    {
        IHtmlInputElement input => input.Value,
        IHtmlTextAreaElement area => area.Value,
        IHtmlSelectElement select => select.Value ?? string.Empty,
        _ => string.Empty,
    };

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex(@"/api/console/sign-in/link\?token=([A-Za-z0-9_.%\-]+)")]
    private static partial Regex SignInLink();
}
