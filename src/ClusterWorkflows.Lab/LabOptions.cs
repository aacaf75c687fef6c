namespace ClusterWorkflows.Lab;

/// <summary>What `cw lab up` builds.</summary>
public sealed record LabOptions(LabLayout Layout, int Hosts = 3, string? Mirror = null, string CacheDir = Images.HostImage.DefaultCacheDir);
