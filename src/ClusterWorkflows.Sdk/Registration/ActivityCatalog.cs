using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Registration;

/// <summary>All registered activities, looked up by type id and version.</summary>
public sealed class ActivityCatalog
{
    private readonly Dictionary<string, SortedList<int, ActivityRegistration>> byType = new(StringComparer.Ordinal);

    public ActivityCatalog(IEnumerable<ActivityRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            var d = registration.Descriptor;
            if (!byType.TryGetValue(d.TypeId, out var versions))
            {
                byType[d.TypeId] = versions = [];
            }

            if (!versions.TryAdd(d.Version, registration))
            {
                throw new InvalidOperationException($"Activity {d.Reference} is registered twice.");
            }
        }
    }

    public IEnumerable<ActivityDescriptor> Descriptors =>
        byType.Values.SelectMany(v => v.Values).Select(r => r.Descriptor).OrderBy(d => d.TypeId, StringComparer.Ordinal).ThenBy(d => d.Version);

    public bool HasType(string typeId) => byType.ContainsKey(typeId);

    public IReadOnlyList<int> Versions(string typeId) =>
        byType.TryGetValue(typeId, out var v) ? v.Keys.ToList() : [];

    /// <summary>Finds <paramref name="typeId"/> at <paramref name="version"/>, or its newest version when null.</summary>
    public ActivityRegistration? Find(string typeId, int? version)
    {
        if (!byType.TryGetValue(typeId, out var versions))
        {
            return null;
        }

        if (version is null)
        {
            return versions.Values[^1];
        }

        return versions.GetValueOrDefault(version.Value);
    }
}
