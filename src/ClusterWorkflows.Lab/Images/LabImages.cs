namespace ClusterWorkflows.Lab.Images;

/// <summary>
/// The workload images the lab can load into every host's dockerd, by name. Later issues add their own
/// Debian-based images here (MariaDB Galera, nginx + ModSecurity, php-fpm + WordPress, exporters): a name,
/// a reference and a package list is all it takes.
/// </summary>
public static class LabImages
{
    public const string Busybox = "busybox";
    public const string Debian = "debian";

    /// <summary>Loaded into every host unless told otherwise: small and built in a second.</summary>
    public static readonly IReadOnlyList<string> Defaults = [Busybox];

    public static IReadOnlyList<string> Names => [Busybox, Debian];

    public static ILabImage Get(string name, string cacheDir, string mirror) => name switch
    {
        Busybox => new BusyboxImage(cacheDir),
        Debian => new DebootstrapImage(cacheDir, mirror, "debian", ["ca-certificates"], "bookworm-slim"),
        _ => throw new ArgumentException($"--image: unknown lab image '{name}' (known: {string.Join(", ", Names)})"),
    };
}
