using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;
using SdkDuration = ClusterWorkflows.Sdk.Duration;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>
/// Typed access to one YAML mapping. Every problem becomes a diagnostic at the offending node and
/// the field is marked as reported, so the validator does not report it again; accessors then
/// return null and reading goes on.
/// </summary>
internal sealed class MapReader
{
    private readonly LoadContext context;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> entries = new(StringComparer.Ordinal);
    private readonly string prefix;

    public MapReader(
        LoadContext context,
        YamlMappingNode node,
        string label,
        string? stepPath,
        string prefix = "",
        Dictionary<string, SourceLocation>? locations = null,
        HashSet<string>? reported = null)
    {
        this.context = context;
        this.prefix = prefix;
        Node = node;
        Label = label;
        StepPath = stepPath;
        Locations = locations ?? new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        Reported = reported ?? new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode k || string.IsNullOrEmpty(k.Value))
            {
                context.Report(DiagnosticCodes.WrongType, $"keys in {label} must be plain names, got {YamlValues.Describe(key)}", key, stepPath);
                continue;
            }

            entries[k.Value] = (k, value);
            Locations[prefix + k.Value] = context.At(value);
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>What this mapping is, for messages ("the workflow", "step 'x'").</summary>
    public string Label { get; }

    public string? StepPath { get; }

    public Dictionary<string, SourceLocation> Locations { get; }

    public HashSet<string> Reported { get; }

    public IEnumerable<string> Keys => entries.Keys;

    public SourceLocation Location => context.At(Node);

    public bool Has(string key) => entries.ContainsKey(key);

    public YamlNode? Value(string key) => entries.TryGetValue(key, out var e) ? e.Value : null;

    public YamlScalarNode? KeyNode(string key) => entries.TryGetValue(key, out var e) ? e.Key : null;

    /// <summary>Reports keys outside <paramref name="allowed"/>, naming the allowed ones.</summary>
    public void CheckKeys(IReadOnlyCollection<string> allowed, string? what = null)
    {
        foreach (var (name, (key, _)) in entries)
        {
            if (!allowed.Contains(name))
            {
                var hint = Suggestions.DidYouMean(name, allowed);
                context.Report(
                    DiagnosticCodes.UnknownKey,
                    $"unknown key '{name}' in {what ?? Label}{hint}; allowed keys: {string.Join(", ", allowed)}",
                    key,
                    StepPath);
            }
        }
    }

    public void Missing(string key, string? why = null)
    {
        Reported.Add(prefix + key);
        context.Report(DiagnosticCodes.MissingKey, $"{Label} is missing the required key '{key}'{why}", Node, StepPath);
    }

    public void Fail(string key, string code, string message)
    {
        Reported.Add(prefix + key);
        context.Report(code, message, Value(key) ?? Node, StepPath);
    }

    private void WrongType(string key, string expected) =>
        Fail(key, DiagnosticCodes.WrongType, $"'{prefix}{key}' must be {expected}, got {YamlValues.Describe(Value(key)!)}");

    /// <summary>A scalar as text (YAML users write <c>name: 42</c> and mean text). Null when absent or empty.</summary>
    public string? Text(string key, bool required = false, string expected = "text")
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            if (required)
            {
                if (node is null)
                {
                    Missing(key);
                }
                else
                {
                    Fail(key, DiagnosticCodes.MissingKey, $"'{prefix}{key}' needs a value ({expected})");
                }
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            WrongType(key, expected);
            return null;
        }

        return scalar.Value ?? "";
    }

    public long? Integer(string key, bool required = false)
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            if (required && node is null)
            {
                Missing(key);
            }
            else if (required)
            {
                Fail(key, DiagnosticCodes.MissingKey, $"'{prefix}{key}' needs a value (a whole number)");
            }

            return null;
        }

        if (node is YamlScalarNode s && YamlValues.TryLong(s, out var value))
        {
            return value;
        }

        WrongType(key, "a whole number");
        return null;
    }

    /// <summary>An integer that fits an int; larger ones are reported (nobody means version 3000000000).</summary>
    public int? Int(string key, bool required = false)
    {
        var value = Integer(key, required);
        if (value is > int.MaxValue or < int.MinValue)
        {
            Fail(key, DiagnosticCodes.InvalidValue, $"'{prefix}{key}' is out of range: {value}");
            return null;
        }

        return (int?)value;
    }

    /// <summary>Marks a field as already reported without adding a diagnostic (its problems were reported inside it).</summary>
    public void MarkReported(string key) => Reported.Add(prefix + key);

    public bool IsReported(string key) => Reported.Contains(prefix + key);

    public double? Number(string key)
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s && YamlValues.TryDouble(s, out var value))
        {
            return value;
        }

        WrongType(key, "a number");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s && YamlValues.TryBool(s, out var value))
        {
            return value;
        }

        WrongType(key, "true or false");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalarNode s)
        {
            WrongType(key, "a duration such as 30s or 5m");
            return null;
        }

        if (SdkDuration.TryParse(s.Value, out var value))
        {
            return value;
        }

        var hint = YamlValues.TryDouble(s, out _) ? $" (durations need a unit: {s.Value}s, {s.Value}m, ...)" : " (examples: 500ms, 30s, 5m, 1h30m, 2d)";
        Fail(key, DiagnosticCodes.InvalidDuration, $"'{prefix}{key}': '{s.Value}' is not a duration{hint}");
        return null;
    }

    /// <summary>A list; an empty value counts as absent.</summary>
    public YamlSequenceNode? List(string key, string expected = "a list")
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is YamlSequenceNode seq)
        {
            return seq;
        }

        WrongType(key, expected);
        return null;
    }

    /// <summary>A mapping; an empty value counts as absent.</summary>
    public YamlMappingNode? Map(string key, string expected = "a mapping")
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return map;
        }

        WrongType(key, expected);
        return null;
    }

    /// <summary>A list of texts; a single scalar is accepted as a list of one.</summary>
    public List<string>? TextList(string key)
    {
        var node = Value(key);
        if (node is null || YamlValues.IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode single)
        {
            return [single.Value ?? ""];
        }

        if (node is not YamlSequenceNode seq)
        {
            WrongType(key, "a list of texts");
            return null;
        }

        var list = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s && !YamlValues.IsNull(s))
            {
                list.Add(s.Value ?? "");
            }
            else
            {
                Reported.Add(prefix + key);
                context.Report(DiagnosticCodes.WrongType, $"'{prefix}{key}' entries must be texts, got {YamlValues.Describe(item)}", item, StepPath);
            }
        }

        return list;
    }
}
