namespace ClusterWorkflows.Cli.Backends;

/// <summary>Secrets by name; values go in and never come out.</summary>
public interface ISecretBackend
{
    Task SetAsync(string name, string value, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken);

    /// <summary>False when there was no such secret.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
