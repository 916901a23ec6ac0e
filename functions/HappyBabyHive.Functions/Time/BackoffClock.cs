namespace HappyBabyHive.Time;

/// <summary>
/// The clock for waits that give another system time to recover: retry backoff and how long an idle connection has been
/// idle. Always the machine's clock, never the app's <see cref="TimeProvider"/>, which answers only "what time is it"
/// (an offer's end, a reminder's day). A test's fake clock moves only when the test moves it, so a retry scheduled on
/// it never fired, and an idle connection maildev had closed never aged out: the likely cause of a CI run that hung
/// (docs/testing.md, "Clocks").
/// </summary>
public static class BackoffClock
{
    public static TimeProvider Machine => TimeProvider.System;
}
