namespace ClusterWorkflows.Lab.Images;

/// <summary>An image made offline (no registry is reachable) as a tar for `docker import`, cached machine-wide.</summary>
public interface ILabImage
{
    /// <summary>Reference the image gets inside the lab (`busybox:latest`).</summary>
    string Reference { get; }

    /// <summary>Default command of the imported image (`docker import -c CMD`).</summary>
    string? Command { get; }

    string TarPath { get; }

    /// <summary>Builds the tar when it is not cached yet; returns its path.</summary>
    Task<string> EnsureAsync(Action<string> log, CancellationToken ct);
}
