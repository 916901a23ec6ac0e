using System.Text;
using System.Text.RegularExpressions;
using HappyBabyHive.LocalRunner.Emulators;

namespace HappyBabyHive.Tests.Docs;

/// <summary>
/// The documentation's own links: every relative link in docs/*.md and README.md names a file that exists, and every
/// "#fragment" names a heading of its page, spelled as GitHub makes heading anchors. A section renamed or moved (a
/// table of contents, a link from another page) then fails here instead of leaving a dead link.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md")).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(Root, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_names_a_file_that_exists_and_a_heading_it_has(string page)
    {
        var path = Path.Combine(Root, page);
        var broken = new List<string>();
        foreach (var link in Links(File.ReadAllText(path)))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? link : link[..hash];
            var fragment = hash < 0 ? null : Uri.UnescapeDataString(link[(hash + 1)..]);
            var target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{link}: no such file");
            }
            else if (fragment is { Length: > 0 } && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(File.ReadAllText(target)).Contains(fragment))
            {
                broken.Add($"{link}: no heading with that anchor");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", broken)}");
    }

    [Theory]
    [InlineData("## Webhooks: verified, stored once, applied once", "webhooks-verified-stored-once-applied-once")]
    [InlineData("### Deploying with the Stripe keys (azd and Key Vault)", "deploying-with-the-stripe-keys-azd-and-key-vault")]
    [InlineData("## For the website's builder", "for-the-websites-builder")]
    [InlineData("## A paid booking against its raw floor (issue #16)", "a-paid-booking-against-its-raw-floor-issue-16")]
    [InlineData("### `POST /api/bookings`: book a place", "post-apibookings-book-a-place")]
    [InlineData("## Errors: RFC 9457 problem details", "errors-rfc-9457-problem-details")]
    public void Anchors_are_spelled_as_GitHub_spells_them(string heading, string anchor) =>
        Assert.Contains(anchor, Anchors(heading));

    [Fact]
    public void A_missing_heading_is_reported()
    {
        var anchors = Anchors("# Page\n\n## Known limits\n\n```\n## Not a heading\n```\n\n## Known limits\n");
        Assert.Contains("known-limits", anchors);
        Assert.Contains("known-limits-1", anchors);
        Assert.DoesNotContain("not-a-heading", anchors);
        Assert.Equal(["payments.md#x", "#y"], Links("[a](payments.md#x) [b](#y) [c](https://example.com) `[d](nope.md)`\n```\n[e](gone.md)\n```\n"));
    }

    /// <summary>The relative link targets of a page, outside code (fenced or inline), without web or mail links.</summary>
    internal static IReadOnlyList<string> Links(string markdown) =>
        [.. LinkTarget().Matches(WithoutCode(markdown)).Select(m => m.Groups[1].Value)
            .Where(l => !l.StartsWith("http://", StringComparison.Ordinal) && !l.StartsWith("https://", StringComparison.Ordinal) && !l.StartsWith("mailto:", StringComparison.Ordinal))];

    /// <summary>Every heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    internal static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutFences(markdown)))
        {
            var text = new StringBuilder();
            foreach (var c in heading.Groups[1].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    text.Append(c);
                }
                else if (c == ' ')
                {
                    text.Append('-');
                }
            }

            var slug = text.ToString();
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    private static string WithoutFences(string markdown) => Fence().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty);

    private static string WithoutCode(string markdown) => InlineCode().Replace(WithoutFences(markdown), string.Empty);

    [GeneratedRegex(@"^[ \t]*```.*?^[ \t]*```[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}[ \t]+(.+?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkTarget();
}
