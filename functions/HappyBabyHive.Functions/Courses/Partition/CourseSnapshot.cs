namespace HappyBabyHive.Courses.Partition;

/// <summary>
/// A course as read from its partition, with the bookings read with it, and what storage needs to write them back
/// safely (an opaque version per row: only the store knows it is an ETag). Start a change with <see cref="Change"/>;
/// one snapshot serves one commit.
/// </summary>
public sealed class CourseSnapshot
{
    private readonly Dictionary<string, Loaded> bookings = new(StringComparer.Ordinal);

    /// <param name="course">The course as read.</param>
    /// <param name="version">The store's record of the row as read (its ETag and the fields the domain does not see).</param>
    public CourseSnapshot(Course course, object version)
    {
        Course = course;
        Version = version;
    }

    /// <summary>The course as read, before any change.</summary>
    public Course Course { get; }

    /// <summary>The course's waitlisted bookings in the order they joined, when loaded (see <see cref="ICoursePartitionStore.LoadWaitlistAsync"/>).</summary>
    public IReadOnlyList<Booking> Waitlist { get; private set; } = [];

    internal object Version { get; }

    /// <summary>For the store: the waitlist as read, in joining order, each with its version.</summary>
    public void SetWaitlist(IEnumerable<(Booking Booking, object Version)> waiting) =>
        Waitlist = waiting.Select(w => Keep(w.Booking, w.Version)).ToList();

    /// <summary>
    /// For the store: keeps a booking read with this snapshot so a change can update it; returns the booking kept
    /// (a booking read twice, on its own and with the waitlist, stays one, so one change never writes it twice).
    /// </summary>
    public Booking Keep(Booking booking, object version)
    {
        if (bookings.TryGetValue(booking.Reference, out var kept))
        {
            return kept.Booking;
        }

        bookings[booking.Reference] = new Loaded(booking, version);
        return booking;
    }

    internal Booking LoadedBooking(string reference) => Load(reference).Booking;

    internal object BookingVersion(string reference) => Load(reference).Version;

    public CourseChangeSet Change(DateTimeOffset now) => new(this, now);

    private Loaded Load(string reference) =>
        bookings.TryGetValue(reference, out var loaded)
            ? loaded
            : throw new InvalidOperationException("Only bookings read with the snapshot can be changed.");

    private sealed record Loaded(Booking Booking, object Version);
}
