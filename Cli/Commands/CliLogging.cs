using Microsoft.Extensions.Logging;

namespace Counseling.Cli.Commands;

/// <summary>Progress goes to stderr, so stdout carries only the command's result and pipes cleanly.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .SetMinimumLevel(LogLevel.Information));
}
