namespace ClusterWorkflows.Definitions.Validation;

/// <summary>The names expressions may read.</summary>
internal static class ExpressionNames
{
    /// <summary>What the runtime puts in every step's scope.</summary>
    public static readonly string[] Roots = ["inputs", "vars", "steps", "inventory", "run", "secrets"];

    /// <summary>The concurrency key is computed from the inputs alone, when a run is queued.</summary>
    public static readonly string[] ConcurrencyRoots = ["inputs"];

    /// <summary>JavaScript's own globals that make sense in a pure expression.</summary>
    public static readonly HashSet<string> Globals = new(StringComparer.Ordinal)
    {
        "Math", "JSON", "Number", "String", "Boolean", "Array", "Object", "Date", "RegExp", "Error", "Map", "Set",
        "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent", "decodeURIComponent", "encodeURI",
        "decodeURI", "undefined", "NaN", "Infinity",
    };

    public const string Index = "index";
    public const string DefaultItem = "item";

    /// <summary>The caught error (<c>error.code</c>, <c>error.message</c>) inside a try step's catch.</summary>
    public const string Error = "error";
}
