namespace HappyBabyHive.Courses;

public enum CourseKind
{
    BabyMassage,
    BabyYoga,
}

public enum CourseStatus
{
    Open,
    Closed,
    Cancelled,
}

public sealed record CourseSession(DateTimeOffset StartsUtc, DateTimeOffset EndsUtc);

/// <summary>The baby's age range at the first session, e.g. 6 weeks to "not yet crawling" (about 30 weeks).</summary>
public sealed record BabyAgeRange(int FromWeeks, int ToWeeks, string Description)
{
    public bool Contains(DateOnly dateOfBirth, DateOnly onDate)
    {
        var ageDays = onDate.DayNumber - dateOfBirth.DayNumber;
        return ageDays >= FromWeeks * 7 && ageDays <= (ToWeeks * 7) + 6;
    }
}

/// <summary>
/// A multi-week course at one venue, with its live place counts. Free places are set aside out of
/// <see cref="Capacity"/> for families the owner chooses; everyone else books the general places.
/// </summary>
public sealed record Course
{
    public required string Id { get; init; }
    public required CourseKind Kind { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Venue { get; init; }
    public string VenueAddress { get; init; } = string.Empty;
    public required IReadOnlyList<CourseSession> Sessions { get; init; }
    public required int Capacity { get; init; }
    public required int FreePlaces { get; init; }
    public required int PricePence { get; init; }
    public required BabyAgeRange BabyAge { get; init; }
    public CourseStatus Status { get; init; } = CourseStatus.Open;

    /// <summary>
    /// The owner lets families on this course pay by bank transfer or cash instead of by card: their places are
    /// confirmed unpaid and the owner marks them paid (see <see cref="PaymentMethod.AnotherWay"/>).
    /// </summary>
    public bool PayAnotherWayAllowed { get; init; }

    /// <summary>The one-time key of the request that added this course (see CourseDetails.RequestKey), if it had one.</summary>
    public string? CreationKey { get; init; }

    public int GeneralPlacesTaken { get; init; }
    public int FreePlacesTaken { get; init; }
    public int WaitlistCount { get; init; }

    public DateTimeOffset FirstSessionStartsUtc => Sessions[0].StartsUtc;
    public DateTimeOffset LastSessionEndsUtc => Sessions[^1].EndsUtc;
    public DateOnly FirstSessionUkDate => DateOnly.FromDateTime(Time.UkTime.ToUk(FirstSessionStartsUtc).DateTime);

    public int GeneralPlaces => Capacity - FreePlaces;
    public int GeneralSpacesLeft => Math.Max(0, GeneralPlaces - GeneralPlacesTaken);
    public int FreePlacesLeft => Math.Max(0, FreePlaces - FreePlacesTaken);

    public bool IsBookable(DateTimeOffset now) => Status == CourseStatus.Open && now < FirstSessionStartsUtc;

    /// <summary>New bookings join the waitlist once every general place is taken.</summary>
    public bool WaitlistOpen(DateTimeOffset now) => IsBookable(now) && GeneralSpacesLeft == 0;
}
