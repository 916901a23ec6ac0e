using System.Globalization;
using System.Text;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>What forms.js needs to know about one form: where it posts, and the words for what can go wrong.</summary>
/// <param name="Kind">Names the form in data-enhance (booking, free-place, tips).</param>
/// <param name="Action">Where the plain form posts (relative to the page).</param>
/// <param name="ApiPath">Where the script posts JSON instead (relative to the page).</param>
/// <param name="OfflineMessage">Shown when the request never reached us.</param>
/// <param name="ReusedKeyMessage">Shown when the form's idempotency key was already used for other details (forms with a key).</param>
/// <param name="CourseGoneMessage">For a 404 from the API: the chosen course no longer exists (forms with a course choice).</param>
public sealed record FormBehaviour(string Kind, string Action, string ApiPath, string OfflineMessage, string? ReusedKeyMessage = null, string? CourseGoneMessage = null);

/// <summary>
/// The pieces every public form is made of, so the forms look and behave alike: an error summary that takes focus,
/// fields with labels, hints and error slots linked by aria-describedby, checkboxes, radio groups in a fieldset, a
/// hidden honeypot, and a result card. forms.js fills the same slots after a fetch that the server fills after a post.
/// Every value from a person or from storage goes through <see cref="HtmlPage.H"/>; parameters named *Html are
/// markup the caller has already encoded.
/// </summary>
public static class FormFields
{
    /// <summary>A honeypot hit: a calm page that tells a bot nothing.</summary>
    public const string ThanksHtml = "<p>Thank you. We've received your form.</p>";

    public static string FieldId(string field) => "f-" + field;

    public static string ErrorId(string field) => field + "-error";

    /// <summary>The summary, in the order the fields appear; hidden until there is a problem.</summary>
    public static string ErrorSummary(FormState state, IReadOnlyList<string> fieldOrder)
    {
        var items = new StringBuilder();
        foreach (var (field, messages) in state.Errors.OrderBy(e => fieldOrder.IndexOf(e.Key) is var i and >= 0 ? i : int.MaxValue))
        {
            foreach (var message in messages)
            {
                items.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{H(FieldId(field))}\">{H(message)}</a></li>");
            }
        }

        // autofocus moves focus here after a plain form post; forms.js focuses it itself after a fetch.
        var attributes = state.HasProblems ? " autofocus" : " hidden";
        return $"""
            <div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title"{attributes}>
            <h2 id="error-summary-title">There is a problem</h2>
            <p data-summary-message{(state.Message is null ? " hidden" : string.Empty)}>{H(state.Message)}</p>
            <ul data-summary-list>{items}</ul>
            </div>
            """;
    }

    /// <summary>The form's opening tag, its idempotency key (made once per form load) and an opening hint.</summary>
    public static string FormStart(FormBehaviour behaviour, string? idempotencyKey, string hint)
    {
        var messages = Optional("data-reused-message", behaviour.ReusedKeyMessage) + Optional("data-course-gone-message", behaviour.CourseGoneMessage);
        var key = idempotencyKey is null
            ? string.Empty
            : $"\n<input type=\"hidden\" name=\"{FieldNames.IdempotencyKey}\" value=\"{H(idempotencyKey)}\">";
        return $"""
            <form method="post" action="{H(behaviour.Action)}" novalidate data-enhance="{H(behaviour.Kind)}" data-api="{H(behaviour.ApiPath)}" data-offline-message="{H(behaviour.OfflineMessage)}"{messages}>
            <p class="hint">{H(hint)}</p>{key}
            """;
    }

    /// <summary>The hidden honeypot, the one submit button, a live status line for "sending", and the form's end.</summary>
    public static string FormEnd(FormState state, string buttonText, string sendingText) => $"""
        <div class="visually-hidden" aria-hidden="true">
        <label for="{FieldId(FieldNames.LeaveThisEmpty)}">Leave this empty</label>
        <input id="{FieldId(FieldNames.LeaveThisEmpty)}" type="text" name="{FieldNames.LeaveThisEmpty}" value="{H(state.LeaveThisEmpty)}" tabindex="-1" autocomplete="off">
        </div>
        <button type="submit" data-sending-text="{H(sendingText)}">{H(buttonText)}</button>
        <p class="hint" role="status" aria-live="polite" data-status></p>
        </form>
        """;

    public static string TextField(FormState state, string name, string label, string? value, string type, string autocomplete, string? hint, string extra = "")
    {
        var error = state.ErrorFor(name);
        var hintId = hint is null ? null : HintId(name);
        return $"""
            <div class="{FieldClass(error)}" data-field="{name}"{HintAttribute(hintId)}>
            <label for="{FieldId(name)}">{H(label)}</label>
            {Hint(hintId, hint)}
            {ErrorSlot(name, error)}
            <input id="{FieldId(name)}" name="{name}" type="{type}" value="{H(value)}" autocomplete="{autocomplete}"{DescribedBy(name, hintId, error)}{Invalid(error)}{extra}>
            </div>
            """;
    }

    public static string TextArea(FormState state, string name, string label, string? value, string hint)
    {
        var error = state.ErrorFor(name);
        var hintId = HintId(name);
        return $"""
            <div class="{FieldClass(error)}" data-field="{name}"{HintAttribute(hintId)}>
            <label for="{FieldId(name)}">{H(label)}</label>
            {Hint(hintId, hint)}
            {ErrorSlot(name, error)}
            <textarea id="{FieldId(name)}" name="{name}" rows="5" autocomplete="off"{DescribedBy(name, hintId, error)}{Invalid(error)}>{H(value)}</textarea>
            </div>
            """;
    }

    /// <summary>A checkbox whose label may hold a link (already-encoded <paramref name="labelHtml"/>).</summary>
    public static string Checkbox(FormState state, string name, bool isChecked, string labelHtml, string hint)
    {
        var error = state.ErrorFor(name);
        var hintId = HintId(name);
        return $"""
            <div class="{FieldClass(error)}" data-field="{name}"{HintAttribute(hintId)}>
            {ErrorSlot(name, error)}
            <label class="checkbox" for="{FieldId(name)}"><input id="{FieldId(name)}" name="{name}" type="checkbox" value="true"{(isChecked ? " checked" : string.Empty)}{DescribedBy(name, hintId, error)}{Invalid(error)}> <span>{labelHtml}</span></label>
            {Hint(hintId, hint)}
            </div>
            """;
    }

    /// <summary>
    /// A group of radios under one legend. The fieldset carries the hint and error (screen readers announce them with
    /// the group); <paramref name="optionsHtml"/> comes from <see cref="Radio"/> or the course cards.
    /// </summary>
    public static string RadioGroup(FormState state, string name, string legend, string? hint, string optionsHtml)
    {
        var error = state.ErrorFor(name);
        var hintId = hint is null ? null : HintId(name);
        return $"""
            <fieldset class="{FieldClass(error)}" data-field="{name}"{HintAttribute(hintId)}{DescribedBy(name, hintId, error)}>
            <legend>{H(legend)}</legend>
            {Hint(hintId, hint)}
            {ErrorSlot(name, error)}
            {optionsHtml}
            </fieldset>
            """;
    }

    /// <summary>One plain radio. The first in a group takes the field's own id, so the summary's link lands on it.</summary>
    public static string Radio(FormState state, string name, string value, string label, bool isChecked, bool first)
    {
        var id = RadioId(name, value, first);
        return $"<label class=\"choice\" for=\"{id}\"><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{H(value)}\"{(isChecked ? " checked" : string.Empty)}{Invalid(state.ErrorFor(name))}> <span>{H(label)}</span></label>";
    }

    public static string RadioId(string name, string value, bool first) => first ? FieldId(name) : $"{FieldId(name)}-{H(value)}";

    public static string Invalid(string? error) => error is null ? string.Empty : " aria-invalid=\"true\"";

    /// <summary>
    /// The card that says what happened and what happens next. Rendered hidden inside the form's page for forms.js to
    /// fill (it sets the page's heading from data-title, or data-title-{status} for the API's status), and shown on its
    /// own after a plain post.
    /// </summary>
    public static string ResultCard(string heading, string bodyHtml, bool hidden, IReadOnlyDictionary<string, string> titles)
    {
        var titleAttributes = string.Concat(titles.Select(t => $" data-title{(t.Key.Length == 0 ? string.Empty : "-" + t.Key)}=\"{H(t.Value)}\""));
        return $"""
            <section class="card status" id="confirmation" tabindex="-1" aria-labelledby="confirmation-title"{titleAttributes}{(hidden ? " hidden" : string.Empty)}>
            <h2 id="confirmation-title">{H(heading)}</h2>
            {bodyHtml}
            </section>
            """;
    }

    /// <summary>
    /// A card that says what happened, or what to do about a problem, on pages without a form (the tips confirm and
    /// unsubscribe pages): the same look as a form's result card.
    /// </summary>
    public static string StatusCard(string heading, string bodyHtml, bool problem = false) => $"""
        <section class="card status{(problem ? " problem" : string.Empty)}" aria-labelledby="status-title">
        <h2 id="status-title">{H(heading)}</h2>
        {bodyHtml}
        </section>
        """;

    /// <summary>The usual last line of a result card, since a first email often lands in spam.</summary>
    public const string CheckSpamHtml = "<li>If it hasn't arrived in a few minutes, please check your spam or junk folder.</li>";

    private static string Optional(string attribute, string? value) => value is null ? string.Empty : $" {attribute}=\"{H(value)}\"";

    private static string HintId(string field) => field + "-hint";

    private static string HintAttribute(string? hintId) => hintId is null ? string.Empty : $" data-hint-id=\"{hintId}\"";

    private static string Hint(string? hintId, string? hint) => hintId is null ? string.Empty : $"<p class=\"hint\" id=\"{hintId}\">{H(hint)}</p>";

    private static string ErrorSlot(string field, string? error) =>
        $"<p class=\"error\" id=\"{ErrorId(field)}\"{(error is null ? " hidden" : string.Empty)}><span class=\"visually-hidden\">Error: </span><span data-error-text>{H(error)}</span></p>";

    private static string DescribedBy(string field, string? hintId, string? error)
    {
        var ids = new[] { hintId, error is null ? null : ErrorId(field) }.Where(i => i is not null).ToList();
        return ids.Count == 0 ? string.Empty : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }

    private static string FieldClass(string? error) => error is null ? "field" : "field invalid";

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
