namespace HappyBabyHive.Email.Tests.Fakes;

/// <summary>One scripted answer of the fake ACS endpoint.</summary>
public sealed record FakeReply(int Status, TimeSpan? Hang = null, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null, TimeSpan? Lost = null)
{
    /// <summary>202 with the documented Operation-Location, retry-after and {id, status: Running} body.</summary>
    public static FakeReply Accepted() => new(202);

    public static FakeReply Error(int status, string errorCode, string? body = null) =>
        new(status, Headers: new Dictionary<string, string> { ["x-ms-error-code"] = errorCode }, Body: body);

    public static FakeReply Throttled(string retryAfter) =>
        new(429, Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter, ["x-ms-error-code"] = "TooManyRequests" });

    /// <summary>The original 202 again, for a repeat of an accepted request (nothing is sent).</summary>
    public static FakeReply Replayed() => new(202, Headers: new Dictionary<string, string> { ["Repeatability-Result"] = "accepted" });

    /// <summary>The request never reaches ACS (a network fault): the client waits this long, or until it gives up.</summary>
    public static FakeReply LostInNetwork(TimeSpan wait) => new(0, Lost: wait);

    /// <summary>
    /// Accepts at once (the email goes, and the request is in progress for repeatability), then waits before answering
    /// 202, like a slow ACS; a client that gives up first sees no answer at all: a timeout after acceptance.
    /// </summary>
    public static FakeReply HangThenAccept(TimeSpan hang) => new(202, Hang: hang);
}
