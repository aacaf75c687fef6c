using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Json;

/// <summary>Finds and replaces <c>{"secret": "name"}</c> objects inside variable values.</summary>
internal static class SecretJson
{
    public const string Key = "secret";

    public static JsonObject Reference(string name) => new() { [Key] = name };

    public static bool TryGetName(JsonNode? node, out string name)
    {
        name = "";
        if (node is JsonObject { Count: 1 } obj
            && obj.TryGetPropertyValue(Key, out var value)
            && value is JsonValue v
            && v.GetValueKind() == JsonValueKind.String)
        {
            name = v.GetValue<string>();
            return true;
        }

        return false;
    }

    public static IEnumerable<string> FindNames(JsonNode? node)
    {
        if (TryGetName(node, out var name))
        {
            yield return name;
            yield break;
        }

        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var found in FindNames(child))
            {
                yield return found;
            }
        }
    }

    /// <summary>A deep copy of <paramref name="node"/> with secret references replaced by <paramref name="resolve"/>, when given.</summary>
    public static JsonNode? CopyResolving(JsonNode? node, Func<string, string>? resolve)
    {
        if (resolve is null || node is null)
        {
            return node?.DeepClone();
        }

        if (TryGetName(node, out var name))
        {
            return JsonValue.Create(resolve(name));
        }

        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = CopyResolving(value, resolve);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(CopyResolving(item, resolve));
                }

                return items;
            default:
                return node.DeepClone();
        }
    }
}
