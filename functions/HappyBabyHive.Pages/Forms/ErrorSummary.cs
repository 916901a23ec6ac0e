namespace HappyBabyHive.Pages.Forms;

/// <summary>
/// The "There is a problem" box at the top of a form: each field's error as a link to the field, and a problem that
/// belongs to no one field. Always rendered (hidden when there is nothing to say) so forms.js can fill it.
/// </summary>
public sealed record ErrorSummaryModel(IReadOnlyList<SummaryError> Errors, string? Message)
{
    public bool HasProblems => Errors.Count > 0 || Message is not null;

    /// <summary>The errors in the order the fields appear (fields not in <paramref name="fieldOrder"/> last).</summary>
    public static ErrorSummaryModel From(IReadOnlyDictionary<string, string[]> errors, string? message, IReadOnlyList<string> fieldOrder) => new(
        errors.OrderBy(e => IndexIn(fieldOrder, e.Key))
            .SelectMany(e => e.Value.Select(text => new SummaryError(e.Key, text)))
            .ToList(),
        message);

    private static int IndexIn(IReadOnlyList<string> order, string name)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>One error in the summary; its link goes to the field's control.</summary>
public sealed record SummaryError(string Field, string Message);
