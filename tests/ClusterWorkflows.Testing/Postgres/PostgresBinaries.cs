namespace ClusterWorkflows.Testing.Postgres;

/// <summary>Finds the PostgreSQL server programs Debian's postgresql package installs.</summary>
public static class PostgresBinaries
{
    public const string NotInstalledMessage = "PostgreSQL is not installed: run scripts/setup.sh";

    private const string DebianRoot = "/usr/lib/postgresql";

    private static readonly string[] Required = ["initdb", "postgres", "pg_ctl", "psql"];

    /// <summary>
    /// The bin directory of the newest installed major version (or <paramref name="explicitDirectory"/> when given).
    /// Throws when the programs are missing — also outside CI: a PostgreSQL test must fail, never skip silently.
    /// </summary>
    public static string Find(string? explicitDirectory = null)
    {
        if (explicitDirectory is not null)
        {
            return HasAll(explicitDirectory)
                ? explicitDirectory
                : throw new InvalidOperationException($"{NotInstalledMessage} ({explicitDirectory} lacks {string.Join(", ", Missing(explicitDirectory))}).");
        }

        var candidates = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(c => c.Version is not null && HasAll(c.Dir))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];

        if (candidates.Count == 0)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"{NotInstalledMessage} (no {DebianRoot}/<version>/bin with {string.Join(", ", Required)} found{(ci ? "; CI=true, so this test fails instead of skipping" : "")}).");
        }

        return candidates[0].Dir;
    }

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, out var major) ? new Version(major, 0) : Version.TryParse(name, out var v) ? v : null;

    private static bool HasAll(string directory) => !Missing(directory).Any();

    private static IEnumerable<string> Missing(string directory) =>
        Required.Where(name => !File.Exists(Path.Combine(directory, name)));
}
