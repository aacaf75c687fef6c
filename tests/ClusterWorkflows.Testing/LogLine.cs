using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Testing;

public sealed record LogLine(LogLevel Level, string Text)
{
    public override string ToString() => $"[{Level}] {Text}";
}
