using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// Results of finished steps visible to expressions as <c>steps.id</c>. A forEach iteration or a
/// called workflow gets a child frame, so inner ids resolve to the current iteration first.
/// </summary>
public sealed class StepResults(StepResults? parent = null)
{
    private readonly ConcurrentDictionary<string, JsonObject> own = new(StringComparer.Ordinal);

    public StepResults? Parent { get; } = parent;

    public void Set(string stepId, JsonObject result) => own[stepId] = result;

    public JsonObject? Get(string stepId) =>
        own.TryGetValue(stepId, out var r) ? r : Parent?.Get(stepId);

    /// <summary>The flattened view (inner frames shadow outer ones).</summary>
    public JsonObject ToJson()
    {
        var json = Parent?.ToJson() ?? [];
        foreach (var (id, result) in own)
        {
            json[id] = result.DeepClone();
        }

        return json;
    }

    public static JsonObject Entry(string status, bool changed, JsonObject? outputs, Store.StepError? error)
    {
        var entry = new JsonObject
        {
            ["status"] = status,
            ["changed"] = changed,
            ["outputs"] = outputs?.DeepClone() ?? new JsonObject(),
        };
        if (error is not null)
        {
            entry["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        }

        return entry;
    }
}
