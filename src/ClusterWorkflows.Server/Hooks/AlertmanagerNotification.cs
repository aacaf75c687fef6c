using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Server.Hooks;

/// <summary>
/// A Prometheus Alertmanager webhook notification (payload version 4): one alert group. A firing
/// group starts one run; the group key deduplicates while that run is active, so Alertmanager's
/// repeats and the other alerts of the group do not start more runs; resolved notifications start nothing.
/// </summary>
public sealed record AlertmanagerNotification(string GroupKey, string Status, JsonObject Summary)
{
    /// <summary>Null with the reason when the body is not a notification.</summary>
    public static (AlertmanagerNotification? Notification, string? Problem) Parse(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            return (null, "an Alertmanager notification is a JSON object");
        }

        if (root["groupKey"] is not JsonValue key || !key.TryGetValue<string>(out var groupKey) || groupKey.Length == 0)
        {
            return (null, "groupKey: required (an Alertmanager notification)");
        }

        if (root["status"] is not JsonValue statusValue || !statusValue.TryGetValue<string>(out var status) || status is not ("firing" or "resolved"))
        {
            return (null, "status: must be firing or resolved");
        }

        if (root["alerts"] is not JsonArray alerts)
        {
            return (null, "alerts: required (an array)");
        }

        var summary = new JsonObject
        {
            ["groupKey"] = groupKey,
            ["status"] = status,
            ["receiver"] = root["receiver"]?.DeepClone(),
            ["groupLabels"] = root["groupLabels"]?.DeepClone() ?? new JsonObject(),
            ["commonLabels"] = root["commonLabels"]?.DeepClone() ?? new JsonObject(),
            ["commonAnnotations"] = root["commonAnnotations"]?.DeepClone() ?? new JsonObject(),
            ["externalURL"] = root["externalURL"]?.DeepClone(),
            ["alerts"] = alerts.DeepClone(),
            ["firing"] = alerts.Count(a => a?["status"]?.GetValue<string>() == "firing"),
        };
        return (new AlertmanagerNotification(groupKey, status, summary), null);
    }

    public bool Firing => Status == "firing";

    /// <summary>One active run per runbook and group.</summary>
    public string DedupKey(string definitionId) =>
        $"alertmanager:{definitionId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GroupKey)))[..32]}";
}
