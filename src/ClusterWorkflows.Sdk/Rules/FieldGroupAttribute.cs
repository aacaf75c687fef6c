using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

/// <summary>
/// A rule across fields of one input record: at most one of them, or exactly one, may be given
/// (not null). Fields are named as in the runbook (camelCase). The schema gets the standard form
/// (<c>not</c>/<c>oneOf</c> of <c>required</c>) for editors and <c>x-fieldGroups</c> with the
/// message, which <c>cw validate</c> reads.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public abstract class FieldGroupAttribute : ValidationAttribute
{
    public const string SchemaKeyword = "x-fieldGroups";

    protected FieldGroupAttribute(bool exactlyOne, string[] fields)
    {
        if (fields.Length < 2)
        {
            throw new ArgumentException("A field group names at least two fields.", nameof(fields));
        }

        ExactlyOne = exactlyOne;
        Fields = fields;
        Rule = $"give {(exactlyOne ? "exactly" : "at most")} one of {Join(fields)}";
        ErrorMessage = Rule;
    }

    public bool ExactlyOne { get; }
    public IReadOnlyList<string> Fields { get; }

    /// <summary>"give exactly one of port and command": the message everywhere.</summary>
    public string Rule { get; }

    // TypeDescriptor (which DataAnnotations reads class attributes through) keeps one attribute per
    // TypeId: without this, a second group on the same record would be dropped.
    public override object TypeId => $"{GetType().Name}:{string.Join(",", Fields)}";

    public void Describe(JsonObject schema)
    {
        if (schema[SchemaKeyword] is not JsonArray groups)
        {
            schema[SchemaKeyword] = groups = [];
        }

        groups.Add(new JsonObject
        {
            ["fields"] = new JsonArray([.. Fields.Select(f => JsonValue.Create(f))]),
            ["exactlyOne"] = ExactlyOne,
            ["message"] = Rule,
        });

        // Editors understand these; with more than one group they must all hold.
        JsonNode standard = ExactlyOne
            ? new JsonObject { ["oneOf"] = new JsonArray([.. Fields.Select(Required)]) }
            : new JsonObject { ["not"] = new JsonObject { ["anyOf"] = new JsonArray([.. Pairs().Select(p => Required(p.A, p.B))]) } };
        if (schema["allOf"] is not JsonArray all)
        {
            schema["allOf"] = all = [];
        }

        all.Add(standard);
    }

    /// <summary>Whether the count of given fields breaks the rule (shared with the validator).</summary>
    public static bool Breaks(bool exactlyOne, int given) => given > 1 || (exactlyOne && given == 0);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        var given = Fields.Count(f => Property(value.GetType(), f)?.GetValue(value) is not null);
        return Breaks(ExactlyOne, given) ? new ValidationResult(Rule, Fields) : ValidationResult.Success;
    }

    private static PropertyInfo? Property(Type type, string field) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == field)
            ?? throw new InvalidOperationException($"{type.Name} has no property for the field '{field}' named in a field group.");

    private IEnumerable<(string A, string B)> Pairs() =>
        Fields.SelectMany((a, i) => Fields.Skip(i + 1).Select(b => (a, b)));

    private static JsonObject Required(string field) => new() { ["required"] = new JsonArray(field) };

    private static JsonObject Required(string a, string b) => new() { ["required"] = new JsonArray(a, b) };

    private static string Join(string[] fields) =>
        fields.Length == 2 ? $"{fields[0]} and {fields[1]}" : $"{string.Join(", ", fields[..^1])} and {fields[^1]}";
}

/// <summary>At most one of the fields may be given: <c>[MutuallyExclusive("body", "json")]</c>.</summary>
public sealed class MutuallyExclusiveAttribute(params string[] fields) : FieldGroupAttribute(exactlyOne: false, fields);

/// <summary>Exactly one of the fields must be given: <c>[ExactlyOne("port", "command")]</c>.</summary>
public sealed class ExactlyOneAttribute(params string[] fields) : FieldGroupAttribute(exactlyOne: true, fields);
