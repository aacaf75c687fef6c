using System.Text;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// Journal keys: step ids joined by '/', forEach iterations as <c>id[key]</c>
/// (e.g. <c>upgrade/nodes[node2]/drain</c>). Item keys are escaped so a key never forges a path.
/// </summary>
public static class StepPath
{
    public static string Child(string parent, string id) => parent.Length == 0 ? id : $"{parent}/{id}";

    public static string Item(string forEachPath, string key) => $"{forEachPath}[{EscapeKey(key)}]";

    public static string EscapeKey(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            sb.Append(c is '/' or '[' or ']' or '%' ? $"%{(int)c:X2}" : c.ToString());
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or inside it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        path == ancestor
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path.Length > ancestor.Length && path[ancestor.Length] is '/' or '[');
}
