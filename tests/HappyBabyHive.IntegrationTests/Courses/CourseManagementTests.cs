using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.IntegrationTests.FreePlaces;
using HappyBabyHive.IntegrationTests.Support;
using HappyBabyHive.Storage.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.IntegrationTests.Courses;

public sealed class CourseManagementTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_created_course_is_listed_for_the_owner_and_on_the_public_list()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var details = TestCourses.Details();

        var course = await TestCourses.CreateAsync(app, details);
        var twin = await TestCourses.CreateAsync(app, details);

        Assert.Matches("^massage-cottingham-tue-\\d{4}-\\d{2}-\\d{2}$", course.Id);
        Assert.Equal(course.Id + "-2", twin.Id);
        var listed = await app.Get<ICourseManagementService>().ListAsync(CancellationToken.None);
        Assert.Equal([course.Id, twin.Id], listed.Select(c => c.Id).Order(StringComparer.Ordinal));
        var upcoming = await app.Get<ICourseStore>().ListUpcomingAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Contains(upcoming, c => c.Id == course.Id);
        var back = CourseDetails.From(listed.Single(c => c.Id == course.Id));
        Assert.Empty(back.SkipDates);
        Assert.Equal(details, back with { SkipDates = details.SkipDates });
    }

    [Fact]
    public async Task Capacity_below_the_places_taken_is_refused_and_nothing_changes()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var details = TestCourses.Details(capacity: 6, freePlaces: 1);
        var course = await TestCourses.CreateAsync(app, details);
        await TestCourses.BookAsync(app, course, Enumerable.Range(0, 4).Select(i => TestCourses.Unique($"p{i}")));
        var before = await TestCourses.StoredAsync(app, course.Id);

        var outcome = await app.Get<ICourseManagementService>().UpdateAsync(course.Id, details.WithPlaces(3, 0) with { Title = "Changed" }, CancellationToken.None);
        var squeezed = await app.Get<ICourseManagementService>().UpdateAsync(course.Id, details.WithPlaces(6, 3), CancellationToken.None);

        var invalid = Assert.IsType<CourseChangeOutcome.Invalid>(outcome);
        Assert.Equal("4 families have already booked on this course, so the capacity can't be less than 4.", Assert.Single(invalid.Errors["capacity"]));
        Assert.Equal(
            "4 families have already booked the places that aren't set aside, so with a capacity of 6 you can set aside at most 2 free places.",
            Assert.Single(Assert.IsType<CourseChangeOutcome.Invalid>(squeezed).Errors["freePlaces"]));
        var after = await TestCourses.StoredAsync(app, course.Id);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(("Baby Massage for Little Ones", 6, 1, 4), (after.Title, after.Capacity, after.FreePlaces, after.GeneralPlacesTaken));
    }

    [Fact]
    public async Task Capacity_edits_racing_bookings_never_overbook_and_keep_the_waitlist_in_order()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var details = TestCourses.Details(capacity: 6, freePlaces: 0);
        var course = await TestCourses.CreateAsync(app, details);
        var service = app.Get<ICourseManagementService>();

        var bookings = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            (object)await app.Get<IBookingService>().BookAsync(TestBookings.For(course, TestCourses.Unique($"race{i}")), null, CancellationToken.None)));
        var edits = new[] { 3, 9, 4, 12, 5, 8 }.Select(capacity => Task.Run(async () =>
            (object)await service.UpdateAsync(course.Id, details.WithPlaces(capacity, 0), CancellationToken.None)));
        var outcomes = await Task.WhenAll(bookings.Concat(edits));

        Assert.All(outcomes.OfType<BookingOutcome>(), o => Assert.IsType<BookingOutcome.Created>(o));
        Assert.All(outcomes.OfType<CourseChangeOutcome>(), o => Assert.True(o is CourseChangeOutcome.Updated or CourseChangeOutcome.Invalid, o.ToString()));
        var stored = await TestCourses.StoredAsync(app, course.Id);
        var rows = await TestCourses.BookingsAsync(app, course.Id);
        // A place offered to a waiting family (the default when capacity rises) is held for them, so it counts as taken.
        var confirmed = rows.Count(b => b.Status is nameof(BookingStatus.Confirmed) or nameof(BookingStatus.Offered));
        var waiting = rows.Where(b => b.Status == nameof(BookingStatus.Waitlisted)).OrderBy(b => b.WaitlistPosition).ToList();
        Assert.True(confirmed <= stored.Capacity, $"{confirmed} confirmed or offered on a course of {stored.Capacity}");
        Assert.Equal(confirmed, stored.GeneralPlacesTaken);
        Assert.Equal(16, confirmed + waiting.Count);
        Assert.Equal(waiting.Count, stored.WaitlistCount);
        Assert.Equal(Enumerable.Range(1, waiting.Count), waiting.Select(b => b.WaitlistPosition!.Value));

        // Nobody waits while a general place is free.
        Assert.True(waiting.Count == 0 || stored.GeneralPlacesTaken == stored.Capacity - stored.FreePlaces);
    }

    [Fact]
    public async Task Raising_capacity_gives_the_new_places_to_the_waitlist_in_order_and_emails_each_family_once()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        await TestCourses.ChooseWaitlistFillAsync(app, "book-straight-in");
        var details = TestCourses.Details(capacity: 2, freePlaces: 0);
        var course = await TestCourses.CreateAsync(app, details);
        var emails = Enumerable.Range(0, 5).Select(i => TestCourses.Unique($"wait{i}")).ToList();
        var references = await TestCourses.BookAsync(app, course, emails);
        await TestFreePlaces.DeliverQueuedEmailsAsync(app);

        var outcome = await app.Get<ICourseManagementService>().UpdateAsync(course.Id, details.WithPlaces(4, 0), CancellationToken.None);

        var updated = Assert.IsType<CourseChangeOutcome.Updated>(outcome);
        Assert.Equal(2, updated.PromotedFromWaitlist);
        Assert.Equal((4, 4, 1), (updated.Course.Capacity, updated.Course.GeneralPlacesTaken, updated.Course.WaitlistCount));
        var rows = (await TestCourses.BookingsAsync(app, course.Id)).ToDictionary(b => b.Reference);
        Assert.All(references.Take(4), r => Assert.Equal(nameof(BookingStatus.Confirmed), rows[r].Status));
        Assert.Equal((nameof(BookingStatus.Waitlisted), 1), (rows[references[4]].Status, rows[references[4]].WaitlistPosition));

        // Deliver, then deliver the same messages again (a redelivery): each promoted family gets one email.
        Assert.Equal(2, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        foreach (var reference in references.Skip(2).Take(2))
        {
            await app.Get<HappyBabyHive.Outbox.IEmailEnqueuer>().EnqueueAsync(
                new HappyBabyHive.Outbox.OutboxMessage("Bookings", course.Id, HappyBabyHive.Storage.RowKeys.Outbox(reference, HappyBabyHive.Outbox.EmailTemplates.WaitlistPromoted)), null, CancellationToken.None);
        }

        Assert.Equal(0, await TestFreePlaces.DeliverQueuedEmailsAsync(app));
        foreach (var email in emails.Skip(2).Take(2))
        {
            var opened = (await emulators.Maildev.WaitForAsync(email, 2)).Where(e => e.Subject.StartsWith("A place has opened up for you", StringComparison.Ordinal)).ToList();
            Assert.Single(opened);
            Assert.Contains("it's yours", opened[0].Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await emulators.Maildev.ToAsync(emails[4]), e => e.Subject.StartsWith("A place has opened up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_the_dates_moves_the_course_in_the_public_list_and_leaves_one_index_row()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var details = TestCourses.Details();
        var course = await TestCourses.CreateAsync(app, details);
        var later = DateOnly.ParseExact(details.FirstSessionDate!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(14);

        var outcome = await app.Get<ICourseManagementService>().UpdateAsync(
            course.Id, details with { FirstSessionDate = later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StartTime = "13:30", EndTime = "14:30" }, CancellationToken.None);

        var moved = Assert.IsType<CourseChangeOutcome.Updated>(outcome).Course;
        Assert.Equal(later, moved.FirstSessionUkDate);
        Assert.Equal("13:30", UkDateFormat.Clock(moved.FirstSessionStartsUtc));
        var row = Assert.Single(await TestCourses.IndexRowsAsync(app, course.Id));
        Assert.Equal(CourseCalendarEntity.RowKeyFor(moved.FirstSessionStartsUtc, course.Id), row.RowKey);
        var upcoming = await app.Get<ICourseStore>().ListUpcomingAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(moved.FirstSessionStartsUtc, Assert.Single(upcoming, c => c.Id == course.Id).FirstSessionStartsUtc);
    }

    [Fact]
    public async Task A_stale_index_row_left_by_a_crash_does_not_list_a_course_twice()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details());
        var calendar = app.Get<Azure.Data.Tables.TableServiceClient>().GetTableClient(app.Storage.CourseCalendarTable);
        await calendar.AddEntityAsync(new CourseCalendarEntity { RowKey = CourseCalendarEntity.RowKeyFor(course.FirstSessionStartsUtc.AddDays(3), course.Id), CourseId = course.Id });

        var upcoming = await app.Get<ICourseStore>().ListUpcomingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Single(upcoming, c => c.Id == course.Id);
    }

    [Fact]
    public async Task Duplicating_copies_the_course_to_the_same_weekday_next_month_without_its_bookings()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var course = await TestCourses.CreateAsync(app, TestCourses.Details());
        await TestCourses.BookAsync(app, course, [TestCourses.Unique("dup")]);

        var outcome = await app.Get<ICourseManagementService>().DuplicateToNextMonthAsync(course.Id, CancellationToken.None);

        var copy = Assert.IsType<CourseChangeOutcome.Created>(outcome).Course;
        Assert.NotEqual(course.Id, copy.Id);
        Assert.Equal(CourseSchedule.SameWeekdayNextMonth(course.FirstSessionUkDate), copy.FirstSessionUkDate);
        Assert.Equal(course.Sessions.Count, copy.Sessions.Count);
        Assert.All(copy.Sessions, s => Assert.Equal("10:00", UkDateFormat.Clock(s.StartsUtc)));
        Assert.Equal((course.Capacity, course.FreePlaces, course.PricePence, course.Title), (copy.Capacity, copy.FreePlaces, copy.PricePence, copy.Title));
        Assert.Empty(await TestCourses.BookingsAsync(app, copy.Id));
        Assert.Equal(0, (await TestCourses.StoredAsync(app, copy.Id)).GeneralPlacesTaken);
    }

    [Fact]
    public async Task Adding_a_course_twice_with_the_same_form_key_adds_it_once_even_when_both_presses_race()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var management = app.Get<ICourseManagementService>();
        var details = TestCourses.Details(venue: "Hessle Town Hall, Hessle") with { RequestKey = Guid.NewGuid().ToString("N") };
        var someoneElses = await TestCourses.CreateAsync(app, details with { RequestKey = null });

        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => management.CreateAsync(details, CancellationToken.None)));
        var again = await management.CreateAsync(details, CancellationToken.None);
        var another = await management.CreateAsync(details with { RequestKey = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        var ids = racing.Append(again).Select(o => Assert.IsType<CourseChangeOutcome.Created>(o).Course.Id).Distinct().ToList();
        Assert.Equal([someoneElses.Id + "-2"], ids);
        Assert.Equal(someoneElses.Id + "-3", Assert.IsType<CourseChangeOutcome.Created>(another).Course.Id);
        var listed = (await management.ListAsync(CancellationToken.None)).Where(c => c.Id.StartsWith(someoneElses.Id, StringComparison.Ordinal));
        Assert.Equal(3, listed.Count());
    }

    [Fact]
    public async Task Duplicating_twice_makes_one_copy_unless_that_copy_was_cancelled()
    {
        await using var app = await AppServices.CreateAsync(emulators);
        var management = app.Get<ICourseManagementService>();
        var course = await TestCourses.CreateAsync(app, TestCourses.Details(venue: "St Nicholas Community Centre, Beverley"));

        var first = Assert.IsType<CourseChangeOutcome.Created>(await management.DuplicateToNextMonthAsync(course.Id, CancellationToken.None)).Course;
        var second = Assert.IsType<CourseChangeOutcome.Created>(await management.DuplicateToNextMonthAsync(course.Id, CancellationToken.None)).Course;
        Assert.IsType<CourseCancelOutcome.Cancelled>(await management.CancelAsync(first.Id, null, CancellationToken.None));
        var afterCancelling = Assert.IsType<CourseChangeOutcome.Created>(await management.DuplicateToNextMonthAsync(course.Id, CancellationToken.None)).Course;

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, afterCancelling.Id);
        Assert.Equal(first.FirstSessionUkDate, afterCancelling.FirstSessionUkDate);
    }
}
