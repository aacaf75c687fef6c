using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>How an etcd activity reaches the cluster: the same nested <c>connection</c> object in every etcd step.</summary>
public sealed record EtcdConnection
{
    [Description(EtcdFields.Endpoints)]
    [MinLength(1)]
    [NonEmpty]
    public required string[] Endpoints { get; init; }

    [Description(EtcdFields.CaCertificatePem)]
    [MinLength(1)]
    public required string CaCertificatePem { get; init; }

    [Description(EtcdFields.ClientCertificatePem)]
    [MinLength(1)]
    public required string ClientCertificatePem { get; init; }

    [Description(EtcdFields.ClientKeySecret)]
    [RegularExpression(EtcdFields.SecretNamePattern)]
    public required string ClientKeySecret { get; init; }
}
