using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Inputs from <c>--input name=value</c> and <c>--inputs-file</c> (YAML or JSON).</summary>
public static class InputParsing
{
    public static JsonObject Parse(IEnumerable<string> pairs, string? file)
    {
        var inputs = file is null ? new JsonObject() : ReadFile(file);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--input '{pair}' must look like name=value");
            }

            // Values stay strings here; the workflow's declared input types convert them.
            inputs[pair[..eq]] = pair[(eq + 1)..];
        }

        return inputs;
    }

    public static JsonObject ParseJsonObject(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? throw new UsageException($"{what} must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{what} is not valid JSON: {ex.Message}");
        }
    }

    private static JsonObject ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"inputs file not found: {path}", path);
        }

        var text = File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ParseJsonObject(text, path);
        }

        var yaml = new YamlStream();
        try
        {
            yaml.Load(new ClusterWorkflows.Yaml.NestingGuardParser(new YamlDotNet.Core.Parser(new StringReader(text)), ClusterWorkflows.Definitions.Limits.InputLimits.MaxNestingDepth, ClusterWorkflows.Definitions.Limits.InputLimits.MaxAliases, "inputs file"));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new UsageException($"{path}:{ex.Start.Line}:{ex.Start.Column}: {ex.Message}");
        }

        if (yaml.Documents.Count == 0)
        {
            return [];
        }

        var budget = new[] { MaxInputValues };
        return ToJson(yaml.Documents[0].RootNode, budget, path) as JsonObject
            ?? throw new UsageException($"{path}: inputs must be a mapping of name: value");
    }

    /// <summary>Values an inputs file may expand to: aliases let a few lines stand for billions.</summary>
    private const int MaxInputValues = 100_000;

    private static JsonNode? ToJson(YamlNode node, int[] budget, string path) => --budget[0] < 0
        ? throw new UsageException($"{path}:{node.Start.Line}:{node.Start.Column}: the inputs expand to more than {MaxInputValues} values (through YAML aliases?)")
        : node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create((c.Key as YamlScalarNode)?.Value ?? "", ToJson(c.Value, budget, path)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(c => ToJson(c, budget, path)).ToArray()),
        YamlScalarNode { Value: null or "~" or "null" } => null,
        YamlScalarNode v => JsonValue.Create(v.Value),
        _ => null,
    };
}
