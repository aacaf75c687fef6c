namespace ClusterWorkflows.Lab.Tests.Integration;

/// <summary>The 3-host lab the lab's own tests share.</summary>
public sealed class LabFixture() : TestLab("cwtest", "10.77.200.0/24", 3);
