using System.Globalization;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Relative API paths (relative, so that a server behind a proxy path keeps its prefix) with escaped parts.</summary>
public static class ApiPath
{
    /// <summary><c>api/runs?limit=50&amp;status=faulted</c>: parameters whose value is null are left out.</summary>
    public static string Of(string path, params (string Name, object? Value)[] query)
    {
        var parts = query
            .Where(q => q.Value is not null)
            .Select(q => $"{q.Name}={Uri.EscapeDataString(Format(q.Value!))}")
            .ToList();
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    /// <summary>The API writes booleans and enum names in lower case.</summary>
    private static string Format(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        Enum name => name.ToString().ToLowerInvariant(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>A path segment taken from user input (a secret or schedule name).</summary>
    public static string Segment(string text) => Uri.EscapeDataString(text);
}
