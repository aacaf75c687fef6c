namespace ClusterWorkflows.Inventory.Model;

/// <summary>1-based line and column where something was written.</summary>
internal readonly record struct Position(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>A name written somewhere (a group in a host's list, a child group, ...).</summary>
internal sealed record NameRef(string Name, Position Position);
