using Counseling.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace Counseling.Grains.Diagnostics;

/// <summary>
/// Feeds <see cref="RecentLogs"/> from this process's logging, for the Api's <c>/api/v1/logs/{level}</c>.
/// <para>
/// Entries of every category are kept (an operator looking at recent errors needs Orleans' membership and
/// ASP.NET's failures as much as ours), but only our own categories (<c>Counseling.*</c>) keep the formatted
/// message. Our log calls are reviewed under the rule that consultation text never reaches a log; other
/// libraries' are not, and their arguments may carry request data (a grain call's arguments, a value that
/// failed to parse). For them the buffer keeps the message template with its placeholders unfilled, which
/// still says what happened. Exceptions are kept as their type name only, for the same reason: a message can
/// quote its input.
/// </para>
/// </summary>
public sealed class RecentLogsProvider(RecentLogs logs) : ILoggerProvider
{
    public const string OwnCategoryPrefix = "Counseling.";

    public ILogger CreateLogger(string categoryName) => new BufferLogger(logs, categoryName);

    public void Dispose()
    {
    }

    private sealed class BufferLogger(RecentLogs logs, string category) : ILogger
    {
        private readonly bool _own = category.StartsWith(OwnCategoryPrefix, StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = _own ? formatter(state, null) : Template(state) ?? "(message withheld: not a Counseling category)";
            logs.Add(new LogEntry(DateTimeOffset.UtcNow, (int)logLevel, category, eventId.Id, eventId.Name, message,
                // The silo is named when the entries are read: its address is not known yet when logging starts.
                exception?.GetType().FullName, Silo: ""));
        }

        private static string? Template<TState>(TState state) =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values
                ? values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string
                : null;
    }
}
