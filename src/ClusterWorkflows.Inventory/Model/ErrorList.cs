namespace ClusterWorkflows.Inventory.Model;

/// <summary>Collects every problem of one file so the author sees them all in one pass.</summary>
internal sealed class ErrorList(string file)
{
    private readonly List<InventoryError> items = [];

    public string File { get; } = file;
    public int Count => items.Count;
    public IReadOnlyList<InventoryError> Items => items;

    public void Add(Position position, string message) => items.Add(new InventoryError(File, position.Line, position.Column, message));

    /// <summary>In file order, so the author can fix them top to bottom.</summary>
    public IReadOnlyList<InventoryError> Sorted() => items.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray();

    public void AddFileLevel(string message) => items.Add(new InventoryError(File, 0, 0, message));
}
