using System.Globalization;
using System.Text;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// Form pieces in the public forms' pattern: a summary of problems that takes focus on load (autofocus, so it works
/// without script) and links to each field, the message beside its field, and whatever was typed kept.
/// </summary>
internal static class FormHtml
{
    public static string FieldId(string name) => "f-" + name;

    /// <summary>The summary, listing errors in the order the fields appear; empty when there is nothing to say.</summary>
    public static string ErrorSummary(IReadOnlyDictionary<string, string[]> errors, IEnumerable<string> fieldOrder, string? message = null)
    {
        if (errors.Count == 0 && message is null)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<div class=\"error-summary\" id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" autofocus>")
            .Append("<h2 id=\"error-summary-title\">There is a problem</h2>");
        if (message is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{H(message)}</p>");
        }

        var ordered = fieldOrder.Where(errors.ContainsKey).Concat(errors.Keys.Except(fieldOrder)).ToList();
        if (ordered.Count > 0)
        {
            html.Append("<ul>");
            foreach (var field in ordered)
            {
                foreach (var text in errors[field])
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{H(FieldId(AnchorFor(field, fieldOrder)))}\">{H(text)}</a></li>");
                }
            }

            html.Append("</ul>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>A labelled input (or textarea/select markup passed in) with its hint and error beside it.</summary>
    public static string Field(string name, string label, string control, IReadOnlyDictionary<string, string[]> errors, string? hint = null)
    {
        var id = FieldId(name);
        var invalid = errors.TryGetValue(name, out var messages);
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<div class=\"field{(invalid ? " invalid" : string.Empty)}\">")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{H(label)}</label>");
        if (hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{id}-hint\">{H(hint)}</p>");
        }

        if (invalid)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" id=\"{id}-error\"><span class=\"visually-hidden\">Error: </span>{H(string.Join(' ', messages!))}</p>");
        }

        return html.Append(control).Append("</div>").ToString();
    }

    /// <summary>The attributes that tie a control to its hint and error for screen readers.</summary>
    public static string Described(string name, IReadOnlyDictionary<string, string[]> errors, bool hasHint)
    {
        var id = FieldId(name);
        var ids = new List<string>();
        if (hasHint)
        {
            ids.Add(id + "-hint");
        }

        var invalid = errors.ContainsKey(name);
        if (invalid)
        {
            ids.Add(id + "-error");
        }

        return (ids.Count == 0 ? string.Empty : $" aria-describedby=\"{string.Join(' ', ids)}\"") + (invalid ? " aria-invalid=\"true\"" : string.Empty);
    }

    public static string Input(string name, string? value, IReadOnlyDictionary<string, string[]> errors, bool hasHint, string type = "text", string extra = "") =>
        $"<input id=\"{FieldId(name)}\" name=\"{H(name)}\" type=\"{type}\" value=\"{H(value)}\"{Described(name, errors, hasHint)}{extra}>";

    // Errors about one entry of a list (e.g. "skipDates[1]") point at the list's field.
    private static string AnchorFor(string field, IEnumerable<string> fieldOrder)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var root = bracket < 0 ? field : field[..bracket];
        return fieldOrder.Contains(root) ? root : field;
    }
}
