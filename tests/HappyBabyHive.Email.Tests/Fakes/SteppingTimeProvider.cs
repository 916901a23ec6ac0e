namespace HappyBabyHive.Email.Tests.Fakes;

/// <summary>
/// A clock that moves a minute forward each time it is read, so two signatures can never share an x-ms-date by
/// chance. Timers and timestamps stay real (the base class), so timeouts and retry delays behave as usual.
/// </summary>
public sealed class SteppingTimeProvider : TimeProvider
{
    private long reads;

    public override DateTimeOffset GetUtcNow() =>
        new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero) + TimeSpan.FromMinutes(Interlocked.Increment(ref reads));
}
