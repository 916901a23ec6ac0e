using HappyBabyHive.Courses.Management;

namespace HappyBabyHive.Tests.Courses;

public sealed class CourseCreationKeyTests
{
    [Fact]
    public void A_request_key_is_stored_as_a_short_hash_and_the_same_key_always_gives_the_same_value()
    {
        var stored = CourseCreationKey.From("form-key-1\r\n<script>");

        Assert.Matches("^key:[0-9a-f]{32}$", stored);
        Assert.Equal(stored, CourseCreationKey.From("form-key-1\r\n<script>"));
        Assert.NotEqual(stored, CourseCreationKey.From("form-key-2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_key_means_every_press_adds_a_course(string? requestKey) => Assert.Null(CourseCreationKey.From(requestKey));

    [Fact]
    public void An_overlong_key_is_not_trusted_as_a_key() => Assert.Null(CourseCreationKey.From(new string('k', 201)));

    [Fact]
    public void A_copy_remembers_which_course_it_was_copied_from() =>
        Assert.Equal("copy-of:massage-cottingham-tue-2027-03-02", CourseCreationKey.CopyOf("massage-cottingham-tue-2027-03-02"));
}
