using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Json;
using ClusterWorkflows.Inventory.Model;
using YamlDotNet.RepresentationModel;
using static ClusterWorkflows.Inventory.Yaml.YamlPositions;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>
/// Converts variable values to JSON. A mapping whose only key is <c>secret</c> is a secret
/// reference. Depth and size are bounded because aliases can make a small file expand
/// without limit (or refer to itself).
/// </summary>
internal sealed class YamlValueReader(ErrorList errors)
{
    private const int MaxDepth = 64;
    private const int MaxValues = 100_000;
    private int values;
    private bool reportedTooLarge;

    public JsonNode? Read(YamlNode node) => Read(node, 0);

    private JsonNode? Read(YamlNode node, int depth)
    {
        if (++values > MaxValues || depth > MaxDepth)
        {
            if (!reportedTooLarge)
            {
                reportedTooLarge = true;
                errors.Add(At(node), $"variables are too large: more than {MaxDepth} levels deep or {MaxValues} values (a recursive or repeated alias?)");
            }

            return null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                var value = YamlScalars.ToJson(scalar, out var error);
                if (error is not null)
                {
                    errors.Add(At(node), error);
                }

                return value;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(Read(item, depth + 1));
                }

                return array;
            case YamlMappingNode mapping when IsSecretReference(mapping, out var nameNode):
                return ReadSecret(nameNode);
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, item) in mapping)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        errors.Add(At(key), "keys inside variables must be scalars");
                        continue;
                    }

                    obj[name] = Read(item, depth + 1);
                }

                return obj;
            default:
                errors.Add(At(node), "unsupported YAML node");
                return null;
        }
    }

    private static bool IsSecretReference(YamlMappingNode mapping, out YamlNode nameNode)
    {
        nameNode = mapping;
        if (mapping.Children.Count != 1)
        {
            return false;
        }

        var (key, value) = mapping.Children.First();
        nameNode = value;
        return key is YamlScalarNode { Value: SecretJson.Key };
    }

    private JsonNode? ReadSecret(YamlNode nameNode)
    {
        if (nameNode is YamlScalarNode { Value: { } name } && Names.IsValidSecret(name))
        {
            return SecretJson.Reference(name);
        }

        errors.Add(At(nameNode), "a secret reference is { secret: name } with a name of letters, digits, '_', '.', '-' (at most 128)");
        return null;
    }
}
