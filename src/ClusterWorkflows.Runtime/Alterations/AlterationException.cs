namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>An operator alteration that does not apply to the run in its current state.</summary>
public sealed class AlterationException(string message) : Exception(message);
