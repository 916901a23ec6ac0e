using FluentValidation;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Time.Testing;

namespace HappyBabyHive.Tests.Courses;

public sealed class CourseDetailsValidatorTests
{
    // Monday 1 March 2027, UK time.
    private readonly CourseDetailsValidator validator = new(new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));

    public static CourseDetails Valid() => new()
    {
        Kind = "BabyMassage",
        Title = "Baby Massage for Little Ones",
        Description = "Five calm weeks of gentle massage.",
        Venue = "The Hive Room, Cottingham",
        VenueAddress = "Hallgate, Cottingham HU16",
        FirstSessionDate = "2027-03-16",
        StartTime = "10:00",
        EndTime = "11:00",
        Weeks = "5",
        Capacity = "10",
        FreePlaces = "2",
        Price = "60",
        BabyAgeFromWeeks = "6",
        BabyAgeToWeeks = "30",
        BabyAgeDescription = "6 weeks to not yet crawling",
    };

    private IReadOnlyDictionary<string, string[]> Errors(CourseDetails details) => validator.Validate(CourseDetailsValidator.ForNew(details)).ToFieldErrors();

    private string Only(CourseDetails details, string field)
    {
        var errors = Errors(details);
        Assert.Equal([field], errors.Keys);
        return Assert.Single(errors[field]);
    }

    [Fact]
    public void A_complete_course_is_valid() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void An_empty_form_gets_one_friendly_message_per_required_field()
    {
        var errors = Errors(new CourseDetails());

        Assert.Equal(
            ["babyAgeDescription", "babyAgeFromWeeks", "babyAgeToWeeks", "capacity", "description", "endTime", "firstSessionDate", "freePlaces", "kind", "price", "startTime", "title", "venue", "weeks"],
            errors.Keys.Order());
        Assert.All(errors.Values, messages => Assert.Single(messages));
        Assert.Equal("Please give the course a title, e.g. Baby Massage for Little Ones.", errors["title"][0]);
        Assert.Equal("Please give the date of the first session.", errors["firstSessionDate"][0]);
        Assert.Equal("Please say how many free places to set aside (0 if none).", errors["freePlaces"][0]);
    }

    [Theory]
    [InlineData("kind", "Knitting", "Please choose baby massage or baby yoga.")]
    [InlineData("kind", "1", "Please choose baby massage or baby yoga.")]
    [InlineData("title", "Line one\nLine two", "Please keep this to one line of ordinary text.")]
    [InlineData("firstSessionDate", "16/03/2027", "Please give the date as year-month-day, e.g. 2027-03-02.")]
    [InlineData("firstSessionDate", "2027-02-28", "The first session can't be in the past. Please choose today or a later date.")]
    [InlineData("firstSessionDate", "2029-03-16", "Please check the year: that date is more than two years away.")]
    [InlineData("startTime", "10am", "Please give the time on the 24-hour clock as hours:minutes, e.g. 10:00 or 13:30.")]
    [InlineData("endTime", "09:30", "The end time must be after the start time.")]
    [InlineData("endTime", "10:00", "The end time must be after the start time.")]
    [InlineData("weeks", "0", "A course runs for 1 to 16 weeks.")]
    [InlineData("weeks", "17", "A course runs for 1 to 16 weeks.")]
    [InlineData("weeks", "five", "Please give a whole number, e.g. 5.")]
    [InlineData("capacity", "31", "A course takes between 1 and 30 babies.")]
    [InlineData("capacity", "0", "A course takes between 1 and 30 babies.")]
    [InlineData("freePlaces", "11", "Free places are set aside out of the capacity, so there can't be more than 10.")]
    [InlineData("freePlaces", "-1", "Please set aside between 0 and 30 free places.")]
    [InlineData("price", "sixty", "Please give the price as a number of pounds, e.g. 60 or 59.50.")]
    [InlineData("price", "1000.01", "The price must be between £0 and £1,000.")]
    [InlineData("price", "-5", "The price must be between £0 and £1,000.")]
    [InlineData("price", "59.999", "Please give the price in pounds and pence, e.g. 59.50.")]
    [InlineData("babyAgeFromWeeks", "105", "Please give an age from 0 to 104 weeks (two years).")]
    [InlineData("babyAgeToWeeks", "5", "The oldest age can't be younger than the youngest age.")]
    [InlineData("babyAgeDescription", " ", "Please describe the age range for parents, e.g. 6 weeks to not yet crawling.")]
    public void Each_mistake_gets_a_specific_message_on_its_own_field(string field, string value, string message)
    {
        var property = typeof(CourseDetails).GetProperty(char.ToUpperInvariant(field[0]) + field[1..])!;
        var details = Valid();
        property.SetValue(details, value);

        Assert.Equal(message, Only(details, field));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("60", 6000)]
    [InlineData("£59.50", 5950)]
    [InlineData("59.5", 5950)]
    [InlineData("1000", 100_000)]
    public void Prices_in_pounds_become_pence(string price, int pence)
    {
        Assert.Empty(Errors(Valid() with { Price = price }));
        Assert.Equal(pence, ParsedCourseDetails.From(Valid() with { Price = price }).PricePence);
    }

    [Fact]
    public void An_edit_may_keep_a_first_date_that_has_passed_but_not_move_to_another_past_date()
    {
        var started = Valid() with { FirstSessionDate = "2027-02-23" };

        Assert.True(validator.Validate(CourseDetailsValidator.ForEdit(started, new DateOnly(2027, 2, 23))).IsValid);
        Assert.Equal(
            "The first session can't be in the past. Please choose today or a later date.",
            Assert.Single(validator.Validate(CourseDetailsValidator.ForEdit(started, new DateOnly(2027, 2, 16))).Errors).ErrorMessage);
    }

    [Theory]
    [InlineData("2027-04-07", "Wednesday 7 April 2027 is a Wednesday, but the course runs on Tuesdays.")]
    [InlineData("2027-03-16", "Tuesday 16 March 2027 is not after the first session on Tuesday 16 March 2027. To start later, change the first session date instead.")]
    [InlineData("2027-04-20", "Tuesday 20 April 2027 is after the last session on Tuesday 13 April 2027, so there is nothing to skip.")]
    [InlineData("06/04/2027", "\"06/04/2027\" isn't a date. Please give skipped dates as year-month-day, e.g. 2027-04-06.")]
    public void A_skipped_date_must_be_one_of_the_course_weeks(string skip, string message) =>
        Assert.Equal(message, Only(Valid() with { SkipDates = [skip] }, "skipDates"));

    [Fact]
    public void A_skipped_date_listed_twice_is_pointed_out() =>
        Assert.Equal("Tuesday 6 April 2027 is listed twice.", Only(Valid() with { SkipDates = ["2027-04-06", "2027-04-06"] }, "skipDates"));

    [Fact]
    public void Skipping_a_week_inside_the_run_is_fine_and_the_course_runs_a_week_longer()
    {
        var details = Valid() with { SkipDates = ["2027-03-30"] };

        Assert.Empty(Errors(details));
        Assert.Equal(
            [new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 23), new DateOnly(2027, 4, 6), new DateOnly(2027, 4, 13), new DateOnly(2027, 4, 20)],
            ParsedCourseDetails.From(details).SessionDates);
    }

}
