namespace HappyBabyHive.Courses.Partition;

/// <summary>What a row in a course's partition is, for naming the one a change was refused on.</summary>
public enum CourseRowKind
{
    /// <summary>The course row with its counters: the row whose version guards every change.</summary>
    Course,

    Booking,

    /// <summary>A pointer at a booking (see <see cref="BookingPointerKey"/>).</summary>
    BookingPointer,

    /// <summary>An email owed about a booking (transactional outbox).</summary>
    Outbox,
}

/// <summary>
/// One row a change writes: its kind, the booking reference it belongs to (none for the course row), and for a
/// pointer the key it adds.
/// </summary>
public sealed record CourseRow(CourseRowKind Kind, string? Reference, BookingPointerKey? PointerKey = null);

/// <summary>Why storage refused a change to a course's partition.</summary>
public enum CourseChangeRefusal
{
    /// <summary>Someone changed the course (or a booking read with it) since it was read: read again and decide again.</summary>
    LostRace,

    /// <summary>A row the change adds exists already (a pointer: that family, key or request booked before).</summary>
    AlreadyExists,

    /// <summary>A row the change replaces has gone.</summary>
    NotFound,
}

/// <summary>
/// Storage refused a course change, so nothing in it was written. <see cref="Failed"/> names the refused row.
/// </summary>
public sealed class CourseChangeRejectedException(CourseRow failed, CourseChangeRefusal refusal, Exception inner)
    : Exception($"The change to the course was refused at its {failed.Kind} row ({refusal}).", inner)
{
    public CourseRow Failed { get; } = failed;

    public CourseChangeRefusal Refusal { get; } = refusal;

    public bool LostRace => Refusal == CourseChangeRefusal.LostRace;

    public bool AlreadyExists => Refusal == CourseChangeRefusal.AlreadyExists;
}
