namespace HappyBabyHive.Courses;

/// <summary>Names one booking: the course it is on and its reference (a reference is unique within its course).</summary>
public sealed record BookingKey(string CourseId, string Reference);
