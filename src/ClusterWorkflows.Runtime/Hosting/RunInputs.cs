using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// A run's inputs as stored: secret values are encrypted apart (bound to the run id) and masked
/// in the visible copy, so that the run row can be listed and shown safely.
/// </summary>
public static class RunInputs
{
    public static (JsonObject Visible, string? Protected) Protect(WorkflowDefinition definition, JsonObject values, SecretProtector protector, Guid runId)
    {
        var visible = values.DeepClone().AsObject();
        var secret = new JsonObject();
        foreach (var input in definition.Inputs.Where(i => i.Secret && values.ContainsKey(i.Name)))
        {
            secret[input.Name] = values[input.Name]?.DeepClone();
            visible[input.Name] = Redactor.Mask;
        }

        return (visible, secret.Count == 0 ? null : protector.ProtectToString(secret.ToJsonString(), runId.ToString()));
    }

    public static JsonObject Reveal(RunRecord run, SecretProtector protector, Redactor redactor)
    {
        var inputs = run.Inputs.DeepClone().AsObject();
        if (run.ProtectedInputs is null)
        {
            return inputs;
        }

        var secret = JsonNode.Parse(protector.UnprotectFromString(run.ProtectedInputs, run.Id.ToString()))!.AsObject();
        foreach (var (name, value) in secret)
        {
            inputs[name] = value?.DeepClone();
            if (value is JsonValue v && v.TryGetValue<string>(out var s))
            {
                redactor.Add(s);
            }
            else if (value is not null)
            {
                redactor.Add(value.ToJsonString());
            }
        }

        return inputs;
    }

    public static ClusterWorkflows.Inventory.HostInventory? Inventory(RunRecord run) =>
        string.IsNullOrEmpty(run.Inventory) ? null : ParseInventory(run.Inventory, $"the inventory snapshot of run {run.Id}");

    public static ClusterWorkflows.Inventory.HostInventory ParseInventory(string yaml, string what)
    {
        var result = ClusterWorkflows.Inventory.InventoryLoader.Parse(yaml, what);
        return result.Inventory ?? throw new InvalidOperationException($"{what} is invalid: {string.Join("; ", result.Errors)}");
    }
}
