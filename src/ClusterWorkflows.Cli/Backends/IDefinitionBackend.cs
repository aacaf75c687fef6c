using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>A saved runbook version; <see cref="Note"/> says why it is not the version the file states.</summary>
public sealed record SavedDefinition(string Id, int Version, string? Note)
{
    public string Reference => $"{Id}@{Version}";
}

/// <summary>Saved runbook versions.</summary>
public interface IDefinitionBackend
{
    /// <summary>The newest version of each runbook.</summary>
    Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Validates a runbook file and saves it as a version (its cron schedules follow).</summary>
    Task<SavedDefinition> SaveFileAsync(string path, CancellationToken cancellationToken);
}
