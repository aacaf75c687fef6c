namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>Bare 3-host lab: the first bootstrap, the idempotent re-run, the host key check.</summary>
public sealed class ThreeHostLab() : TestLab("cwboot3", "10.77.220.0/24", 3);

/// <summary>A second bare 3-host lab for the crash, resume, host loss and retry drill.</summary>
public sealed class RecoveryLab() : TestLab("cwbootr", "10.77.221.0/24", 3);

/// <summary>5 hosts: 3 managers, 2 workers, 5 etcd members.</summary>
public sealed class FiveHostLab() : TestLab("cwboot5", "10.77.222.0/24", 5);
