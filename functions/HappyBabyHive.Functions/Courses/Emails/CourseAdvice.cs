namespace HappyBabyHive.Courses.Emails;

/// <summary>What families are told to bring and the health advice for each kind of course, shared by every email that says it.</summary>
public static class CourseAdvice
{
    public static IReadOnlyList<string> WhatToBring(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage =>
        [
            "A towel or soft blanket for your baby to lie on",
            "A spare nappy, wipes and a change of clothes",
            "Whatever you need for a feed",
            "We provide unscented, cold-pressed massage oil. Please tell us about any allergies or skin conditions.",
        ],
        _ =>
        [
            "A blanket or mat for your baby",
            "A spare nappy, wipes and a change of clothes",
            "Whatever you need for a feed",
            "Comfortable clothes you can move in",
        ],
    };

    /// <summary>
    /// When to stay at home. Baby yoga: not within 24 hours of immunisations (the usual UK guidance for baby yoga).
    /// Massage: 48 hours, as the booking confirmation's footer has always said.
    /// </summary>
    public static string HealthNote(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage =>
            "Please don't bring your baby for massage within 48 hours of their immunisations, or if they are unwell, have a temperature or a rash. " +
            "If that means missing a session, just let us know: rest and cuddles at home are the best thing that day.",
        _ =>
            "Please don't bring your baby to yoga within 24 hours of their immunisations, or if they are unwell or have a temperature. " +
            "If your baby has had their 6 to 8 week check recently and you have any worries, a quick word with your health visitor first is always a good idea.",
    };
}
