namespace HappyBabyHive.Pages.Forms;

/// <summary>A course as a form offers it: everything already worded for people.</summary>
/// <param name="Kind">"Baby massage", "Baby yoga": the list is grouped by it.</param>
/// <param name="Availability">"3 places left", "Full: join the waitlist", "Not taking bookings".</param>
/// <param name="Bookable">False shows the card disabled.</param>
public sealed record CourseOption(string Id, string Kind, string Title, string When, string Venue, string Price, string BabyAge, string Availability, bool Bookable)
{
    /// <summary>The kind before the title, unless the title already says it ("Baby Massage for Little Ones").</summary>
    public string Heading => Title.Contains(Kind, StringComparison.OrdinalIgnoreCase) ? Title : $"{Kind}: {Title}";

    /// <summary>A paid course whose owner lets families pay by bank transfer or cash instead of by card (Course.PayAnotherWayAllowed).</summary>
    public bool PayAnotherWay { get; init; }
}

/// <summary>A card with no course details, e.g. "Any suitable upcoming course".</summary>
public sealed record PlainChoice(string Value, string Heading, string Detail);

/// <summary>
/// Courses as radio cards under one legend. Opened for one course (<see cref="SelectedId"/> names a bookable course and
/// nothing is wrong with the choice), the card is shown alone with "Choose a different course" revealing the rest;
/// otherwise the courses are grouped by kind in collapsed lists, opened where the choice or an error is. Both work
/// without script (details/summary) and with screen readers, and keep a phone's first field near the top.
/// </summary>
public sealed record CourseChoiceModel(string Name, string Legend, IReadOnlyList<CourseOption> Courses)
{
    /// <summary>Says on a course's card that it can be paid another way (the booking form, when card payments are on).</summary>
    public bool ShowPayAnotherWay { get; init; }

    public string? Hint { get; init; }

    public string? Error { get; init; }

    public string? SelectedId { get; init; }

    /// <summary>The booking form shows the price and places left; the free-place form doesn't (it's free, and the owner decides).</summary>
    public bool ShowPriceAndPlaces { get; init; }

    /// <summary>A card before the courses (the free-place form's "any suitable upcoming course").</summary>
    public PlainChoice? First { get; init; }

    /// <summary>The course the page was opened for, shown alone, or null to show the grouped list.</summary>
    public CourseOption? Compact =>
        Error is null && SelectedId is not null ? Courses.FirstOrDefault(c => c.Bookable && c.Id == SelectedId) : null;

    /// <summary>The value of the card shown first, which takes the field's own id.</summary>
    public string? FirstValue => Compact?.Id ?? First?.Value ?? (Courses.Count > 0 ? Courses[0].Id : null);

    public bool IsSelected(string value) => string.Equals(value, SelectedId, StringComparison.Ordinal);

    /// <summary>The courses by kind, in the order each kind first appears (the list is in date order).</summary>
    public IEnumerable<IGrouping<string, CourseOption>> Groups(CourseOption? except) =>
        Courses.Where(c => c != except).GroupBy(c => c.Kind);

    /// <summary>
    /// A group starts open when it holds the choice, when the field has an error (so the summary's link lands on a
    /// visible radio), when the whole list is short enough that collapsing it saves nothing, or behind "Choose a
    /// different course" (pressing that already asked to see the others: one press, not two).
    /// </summary>
    public bool IsOpen(IGrouping<string, CourseOption> group) =>
        Compact is not null || Error is not null || Courses.Count <= ShortList || group.Any(c => IsSelected(c.Id));

    private const int ShortList = 2;
}
