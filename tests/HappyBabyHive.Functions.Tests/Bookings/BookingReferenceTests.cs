using HappyBabyHive.Bookings;

namespace HappyBabyHive.Tests.Bookings;

public sealed class BookingReferenceTests
{
    [Fact]
    public void References_are_easy_to_read_aloud()
    {
        var references = Enumerable.Range(0, 2000).Select(_ => BookingReference.New()).ToList();

        Assert.All(references, r =>
        {
            Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", r);
            Assert.DoesNotContain(r, c => c is 'I' or 'L' or 'O' or 'U');
            Assert.True(BookingReference.IsWellFormed(r));
        });
        Assert.Equal(references.Count, references.Distinct().Count());
    }

    [Theory]
    [InlineData("K7M3Q9XP")]
    [InlineData("K7M3-Q9XO")]
    [InlineData("k7m3-q9xp")]
    [InlineData("")]
    public void Malformed_references_are_recognised(string reference) => Assert.False(BookingReference.IsWellFormed(reference));
}
