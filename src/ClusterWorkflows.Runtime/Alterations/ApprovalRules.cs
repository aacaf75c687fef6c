using System.Text.Json.Nodes;

namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>Who may decide on a waiting approval: one of its approvers (when it names any), holding its role (when it names one), once.</summary>
public static class ApprovalRules
{
    public static void Check(string stepPath, JsonObject bookmark, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        ArgumentNullException.ThrowIfNull(actor);
        var approvers = (bookmark["approvers"] as JsonArray ?? []).Select(a => a?.GetValue<string>()).ToList();
        if (approvers.Count > 0 && !approvers.Contains(actor.Name))
        {
            throw new AlterationException($"'{actor.Name}' may not decide on '{stepPath}' (approvers: {string.Join(", ", approvers)})");
        }

        if (bookmark["role"]?.GetValue<string>() is { Length: > 0 } role && actor.Roles is { } roles && !roles.Contains(role))
        {
            throw new AlterationException($"'{actor.Name}' may not decide on '{stepPath}': it needs the role '{role}'");
        }

        var approvals = bookmark["approvals"] as JsonArray ?? [];
        if (approvals.Any(a => a?["by"]?.GetValue<string>() == actor.Name))
        {
            throw new AlterationException($"'{actor.Name}' already approved '{stepPath}'; another approver is needed");
        }
    }
}
