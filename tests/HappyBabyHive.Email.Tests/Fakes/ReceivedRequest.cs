using System.Text.Json;

namespace HappyBabyHive.Email.Tests.Fakes;

/// <summary>What the fake ACS endpoint saw, and what it found wrong (null when nothing). AnsweredStatus 0: lost on the way.</summary>
public sealed record ReceivedRequest(
    string? OperationId,
    string? ClientRequestId,
    string AuthScheme,
    string? AuthProblem,
    string? RequestProblem,
    JsonElement? Body,
    IReadOnlyDictionary<string, string> Headers,
    int AnsweredStatus,
    string Method)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
