using HappyBabyHive.Time;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.TestSupport;

/// <summary>Fake clocks for tests: storage is UTC, people live in UK time, so a test can start from either.</summary>
public static class TestClock
{
    /// <summary>A fake clock at the given UTC time; it moves only when the test advances it.</summary>
    public static FakeTimeProvider AtUtc(int year, int month, int day, int hour = 9, int minute = 0) =>
        new(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    /// <summary>A fake clock at the given UK wall-clock time (GMT or BST, whichever applies that day).</summary>
    public static FakeTimeProvider AtUk(DateOnly date, TimeOnly time) => new(UkTime.FromUkLocal(date, time));
}
