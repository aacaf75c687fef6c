namespace ClusterWorkflows.Lab.Processes;

/// <summary>Reads the mount table so teardown can find what the lab mounted.</summary>
public static class Mounts
{
    /// <summary>Mount points at or below <paramref name="dir"/>, deepest first (the order to unmount them).</summary>
    public static IReadOnlyList<string> Under(string dir)
    {
        var root = dir.TrimEnd('/');
        return File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(p => p.Length > 4)
            .Select(p => Unescape(p[4]))
            .Where(m => m == root || m.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(m => m.Length)
            .ToList();
    }

    private static string Unescape(string s) => s.Replace("\\040", " ", StringComparison.Ordinal);
}
