namespace ClusterWorkflows.Definitions.Model;

/// <summary>Where something was written: 1-based line and column in <see cref="File"/>.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("", 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
