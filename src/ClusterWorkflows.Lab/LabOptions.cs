namespace ClusterWorkflows.Lab;

/// <summary>What `cw lab up` builds. <paramref name="Images"/>: workload images loaded into every host (default: busybox).</summary>
public sealed record LabOptions(
    LabLayout Layout,
    int Hosts = 3,
    string? Mirror = null,
    string CacheDir = Images.DebootstrapImage.DefaultCacheDir,
    IReadOnlyList<string>? Images = null);
