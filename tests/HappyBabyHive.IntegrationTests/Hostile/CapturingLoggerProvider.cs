using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.IntegrationTests.Hostile;

/// <summary>
/// Keeps every log line the app writes, at every level, with its structured values and exception, so a test can search
/// the whole of what would reach Application Insights.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> lines = new();

    public IReadOnlyList<CapturedLog> Lines => lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue(new CapturedLog(category, LogLevel.None, "scope: " + state, null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The formatted line plus every structured value: telemetry exporters send the values as properties.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception) + " | " + values, exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception)
{
    public string Text => $"{Level} {Category}: {Message} {Exception}";
}
