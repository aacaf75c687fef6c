using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>A step with its place in the tree: path, document order, parent and the parent's list it sits in.</summary>
internal sealed class StepNode(Step step, string path, int order, StepNode? parent, string listName)
{
    public Step Step { get; } = step;
    public string Path { get; } = path;

    /// <summary>Position in document (pre-)order: a container comes before its children.</summary>
    public int Order { get; } = order;

    public StepNode? Parent { get; } = parent;

    /// <summary>Which list of the parent holds this step: steps, then, else, cases.x, default, try, catch, finally, parallel.</summary>
    public string ListName { get; } = listName;

    public IEnumerable<StepNode> Ancestors
    {
        get
        {
            for (var p = Parent; p is not null; p = p.Parent)
            {
                yield return p;
            }
        }
    }

    public bool IsAncestorOf(StepNode other) => other.Ancestors.Contains(this);

    /// <summary>
    /// Names the enclosing steps define for expressions: each forEach's <c>as</c> name and
    /// <c>index</c>, and <c>error</c> (the caught error's code and message) inside a catch.
    /// </summary>
    public IReadOnlyCollection<string> LocalNamesInside()
    {
        var names = new List<string>();
        var loops = Ancestors.Select(a => a.Step).OfType<ForEachStep>().ToList();
        if (loops.Count > 0)
        {
            names.AddRange(loops.Select(l => l.As));
            names.Add(ExpressionNames.Index);
        }

        if (IsInCatch)
        {
            names.Add(ExpressionNames.Error);
        }

        return names;
    }

    private bool IsInCatch
    {
        get
        {
            for (var node = this; node.Parent is not null; node = node.Parent)
            {
                if (node.Parent.Step is TryStep && node.ListName == "catch")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
