namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>Every etcd activity's input carries the cluster connection; the activities read it through this interface.</summary>
public interface IEtcdConnectionInput
{
    EtcdConnection Connection { get; }
}
