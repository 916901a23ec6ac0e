using System.Security.Cryptography;
using System.Text;

namespace HappyBabyHive.Web.Forms;

/// <summary>
/// The forms' one script (forms.js, embedded in the assembly). The pages link it with a content hash in the query, so
/// it can be cached for a long time and still change on deploy; <c>PublicFormsScriptHttp</c> serves it.
/// </summary>
public static class FormsScript
{
    public static string Content { get; } = Load();

    public static string Version { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)))[..12];

    /// <summary>Relative to the form pages (…/api/forms/…).</summary>
    public static string Path { get; } = "forms.js?v=" + Version;

    private static string Load()
    {
        using var stream = typeof(FormsScript).Assembly.GetManifestResourceStream("HappyBabyHive.Web.Forms.forms.js")
            ?? throw new InvalidOperationException("forms.js is missing from the assembly's embedded resources.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
