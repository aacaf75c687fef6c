using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// The lexical scope of a subtree: which workflow's inputs and step results expressions see, the
/// forEach item, and whether we are inside a finally block (which still runs when cancelling).
/// </summary>
public sealed record Frame
{
    public required WorkflowDefinition Definition { get; init; }
    public required JsonObject Inputs { get; init; }
    public required StepResults Results { get; init; }
    public required string Path { get; init; }

    /// <summary>forEach loop variables (the <c>as</c> name and <c>index</c>).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Locals { get; init; } = new Dictionary<string, JsonNode?>();

    public string? ItemKey { get; init; }
    public bool InFinally { get; init; }

    /// <summary>The error a catch block handles, visible as <c>error</c>.</summary>
    public JsonObject? CaughtError { get; init; }

    public Frame Under(string path) => this with { Path = path };
}
