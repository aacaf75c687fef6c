namespace ClusterWorkflows.Sdk;

/// <summary>
/// The known activity categories, in one place: the designer's palette groups by category, so
/// "etcd" and "Etcd" would be two groups. The conformance suite checks every activity against
/// <see cref="All"/>; a new library adds its category here.
/// </summary>
public static class ActivityCategories
{
    public const string General = "General";
    public const string Core = "Core";
    public const string Pki = "PKI";
    public const string Etcd = "Etcd";
    public const string Docker = "Docker";
    public const string Ssh = "Ssh";

    public static IReadOnlyList<string> All { get; } = [General, Core, Pki, Etcd, Docker, Ssh];

    public static bool IsKnown(string category) => All.Contains(category, StringComparer.Ordinal);
}
