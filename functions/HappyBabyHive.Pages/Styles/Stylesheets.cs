using System.Text;

namespace HappyBabyHive.Pages.Styles;

/// <summary>
/// The pages' style sheets: real .css files embedded in this assembly, read once. The layout inlines them under the
/// response's CSP nonce (one request per page, no third-party anything), so the policy stays <c>style-src 'nonce-…'</c>.
/// </summary>
public static class Stylesheets
{
    /// <summary>Every page.</summary>
    public static string Site { get; } = Load("site.css");

    /// <summary>Pages with a public form or a form's result (error summary, course cards, honeypot).</summary>
    public static string Forms { get; } = Load("forms.css");

    /// <summary>The owner's console.</summary>
    public static string Console { get; } = Load("console.css");

    private static string Load(string name)
    {
        using var stream = typeof(Stylesheets).Assembly.GetManifestResourceStream("HappyBabyHive.Pages.Styles." + name)
            ?? throw new InvalidOperationException($"{name} is missing from the assembly's embedded resources.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
