namespace ClusterWorkflows.Sdk.Tests.TestActivities;

/// <summary>An activity log that keeps its lines in memory.</summary>
public sealed class ListLog : IActivityLog
{
    public List<(LogLevel Level, string Line)> Lines { get; } = [];

    public void Write(LogLevel level, string line) => Lines.Add((level, line));
}
