namespace ClusterWorkflows.Sdk;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>Streams lines to the run's log. Secrets are redacted by the runtime before storage.</summary>
public interface IActivityLog
{
    void Write(LogLevel level, string line);
}

public static class ActivityLogExtensions
{
    public static void Info(this IActivityLog log, string line) => log.Write(LogLevel.Info, line);

    public static void Warning(this IActivityLog log, string line) => log.Write(LogLevel.Warning, line);

    public static void Error(this IActivityLog log, string line) => log.Write(LogLevel.Error, line);
}
