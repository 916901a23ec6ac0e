namespace HappyBabyHive.Pages.Console;

/// <summary>The weekly tip in the console: whether this week's has gone out, the next one to read first, and "send it now".</summary>
/// <param name="PublishUrl">Where "send it now" posts.</param>
/// <param name="PreviewUrl">The next tip rendered exactly as the email.</param>
/// <param name="ThisWeek">The current week in words, e.g. "the week of Monday 30 November".</param>
/// <param name="Sent">This week's tip if it has gone out: its title and when, in words; null when not yet.</param>
/// <param name="StillSending">This week's emails are still going out (they are spread out over time).</param>
/// <param name="NextFor">When the next tip goes out, in words ("this week, when you press Send" or "Monday 7 December at 08:00").</param>
public sealed record TipsModel(
    string PublishUrl,
    string PreviewUrl,
    string CsrfToken,
    string? Flash,
    string ThisWeek,
    SentTip? Sent,
    bool StillSending,
    string NextTitle,
    string NextFor,
    IReadOnlyList<string> NextParagraphs,
    string NextTryThisWeek);

public sealed record SentTip(string Title, string When);
