namespace ClusterWorkflows.Expressions;

/// <summary>Sandbox limits for one evaluation.</summary>
public sealed record ExpressionLimits
{
    public static readonly ExpressionLimits Default = new();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    public long MemoryBytes { get; init; } = 16 * 1024 * 1024;
    public int MaxStatements { get; init; } = 100_000;
    public int MaxRecursion { get; init; } = 64;
}
