using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Etcd.Connection;

namespace ClusterWorkflows.Activities.Etcd.Snapshots;

public sealed record SaveEtcdSnapshotInput : IEtcdConnectionInput
{
    [Description(EtcdFields.Connection)]
    public required EtcdConnection Connection { get; init; }

    [Description("Absolute path of the snapshot file on the engine's machine; replaced atomically when it exists.")]
    [MinLength(1)]
    public required string Path { get; init; }

    [Description("How long the snapshot download may take.")]
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}

public sealed record SaveEtcdSnapshotOutput
{
    [Description("The snapshot file written.")]
    public required string Path { get; init; }

    [Description("Size of the snapshot in bytes (0 in check mode).")]
    public required long Bytes { get; init; }

    [Description("SHA-256 of the file, lowercase hex (empty in check mode).")]
    public required string Sha256 { get; init; }

    [Description("The endpoint the snapshot was taken from (empty in check mode).")]
    public required string Endpoint { get; init; }
}
