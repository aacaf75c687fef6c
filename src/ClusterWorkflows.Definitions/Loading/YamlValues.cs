using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>
/// Resolves YAML scalars with the YAML 1.2 core schema (so <c>yes</c> stays a string and JSON reads as
/// JSON) and converts nodes to System.Text.Json nodes.
/// </summary>
internal static partial class YamlValues
{
    private const string StringTag = "tag:yaml.org,2002:str";

    [GeneratedRegex(@"^(~|null|Null|NULL|)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullText();

    [GeneratedRegex(@"^(true|True|TRUE|false|False|FALSE)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolText();

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntText();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$|^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RadixText();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatText();

    /// <summary>True when the scalar's type comes from its text (plain, untagged); quoted scalars are strings.</summary>
    private static bool IsTyped(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain && (node.Tag.IsEmpty || node.Tag.IsNonSpecific || node.Tag.Value != StringTag);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && IsTyped(s) && NullText().IsMatch(s.Value ?? "");

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (!IsTyped(node) || !BoolText().IsMatch(node.Value ?? ""))
        {
            return false;
        }

        value = node.Value!.StartsWith('t') || node.Value.StartsWith('T');
        return true;
    }

    public static bool TryLong(YamlScalarNode node, out long value)
    {
        value = 0;
        var text = node.Value ?? "";
        if (!IsTyped(node))
        {
            return false;
        }

        if (IntText().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        if (RadixText().IsMatch(text))
        {
            try
            {
                value = Convert.ToInt64(text[2..], text[1] == 'x' ? 16 : 8);
                return true;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return false;
    }

    public static bool TryDouble(YamlScalarNode node, out double value)
    {
        value = 0;
        if (TryLong(node, out var l))
        {
            value = l;
            return true;
        }

        return IsTyped(node) && FloatText().IsMatch(node.Value ?? "")
            && double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Converts a node to JSON. Mapping keys must be scalars; problems are reported and the entry skipped.</summary>
    public static JsonNode? ToJson(YamlNode node, LoadContext context, string? stepPath, int depth = 0)
    {
        if (depth > LoadContext.MaxDepth)
        {
            context.Report(DiagnosticCodes.InvalidValue, $"value is nested more than {LoadContext.MaxDepth} levels deep", node, stepPath);
            return null;
        }

        if (!context.Spend(node, stepPath))
        {
            return null;
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode k || k.Value is null)
                    {
                        context.Report(DiagnosticCodes.WrongType, $"mapping keys must be plain text, got {Describe(key)}", key, stepPath);
                        continue;
                    }

                    obj[k.Value] = ToJson(value, context, stepPath, depth + 1);
                }

                return obj;
            case YamlSequenceNode seq:
                return new JsonArray(seq.Children.Select(c => ToJson(c, context, stepPath, depth + 1)).ToArray());
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        if (IsNull(scalar))
        {
            return null;
        }

        if (TryBool(scalar, out var b))
        {
            return JsonValue.Create(b);
        }

        if (TryLong(scalar, out var l))
        {
            return JsonValue.Create(l);
        }

        if (TryDouble(scalar, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(scalar.Value ?? "");
    }

    /// <summary>Names what a node is, for "expected X, got Y" messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s when TryBool(s, out _) => $"the boolean {s.Value}",
        YamlScalarNode s when TryDouble(s, out _) => $"the number {s.Value}",
        YamlScalarNode s => $"the string '{Shorten(s.Value ?? "")}'",
        _ => "an unsupported node",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
