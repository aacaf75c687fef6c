using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>
/// Types scalars by the YAML 1.2 core schema: plain <c>true</c>, <c>42</c>, <c>1.5</c>, <c>null</c>
/// are typed, quoted scalars are strings. Unlike YAML 1.1 (PyYAML/Ansible), <c>yes</c>/<c>no</c>/<c>on</c>
/// stay strings, so <c>country: NO</c> is not <c>false</c>.
/// </summary>
internal static partial class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>The typed value, or null with <paramref name="error"/> set when an explicit tag does not fit.</summary>
    public static JsonNode? ToJson(YamlScalarNode node, out string? error)
    {
        error = null;
        var text = node.Value ?? "";
        if (node.Tag.IsEmpty)
        {
            return node.Style is ScalarStyle.Plain or ScalarStyle.Any ? ResolvePlain(text) : JsonValue.Create(text);
        }

        if (node.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }

        var resolved = ResolvePlain(text);
        switch (node.Tag.Value)
        {
            case TagPrefix + "str":
                return JsonValue.Create(text);
            case TagPrefix + "null" when resolved is null:
                return null;
            case TagPrefix + "bool" when resolved is JsonValue v && v.TryGetValue<bool>(out _):
            case TagPrefix + "int" when resolved is JsonValue i && i.TryGetValue<long>(out _):
                return resolved;
            case TagPrefix + "float" when resolved is JsonValue f && (f.TryGetValue<long>(out _) || f.TryGetValue<double>(out _)):
                return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            default:
                // The value is left out of the message: it may be a secret.
                error = $"tag '{node.Tag.Value}' does not fit this value or is not supported (allowed: !!str, !!int, !!float, !!bool, !!null; for secrets use {{ secret: name }})";
                return null;
        }
    }

    /// <summary>True when a plain scalar with this text would be read back as this same string.</summary>
    public static bool ReadsBackAsString(string text) => ResolvePlain(text) is JsonValue v && v.TryGetValue<string>(out _);

    public static JsonNode? ResolvePlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntRegex().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexRegex().IsMatch(text)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return JsonValue.Create(hex);
        }

        if (OctalRegex().IsMatch(text))
        {
            try
            {
                return JsonValue.Create(Convert.ToInt64(text[2..], 8));
            }
            catch (OverflowException)
            {
                return JsonValue.Create(text);
            }
        }

        // Infinity and NaN have no JSON form: they stay strings.
        if (FloatRegex().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex HexRegex();

    [GeneratedRegex(@"^0o[0-7]+$")]
    private static partial Regex OctalRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatRegex();
}
