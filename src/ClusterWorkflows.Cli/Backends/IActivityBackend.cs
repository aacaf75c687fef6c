using System.Text.Json.Nodes;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>The activity catalog of the engine that executes the runs.</summary>
public interface IActivityBackend
{
    /// <summary>Each activity's public form (<c>ActivityDescriptor.ToJson</c>), ordered by type and version.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(CancellationToken cancellationToken);
}
