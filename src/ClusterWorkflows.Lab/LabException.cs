namespace ClusterWorkflows.Lab;

/// <summary>The lab cannot do what was asked; the message says why and what to do about it.</summary>
/// <remarks>Derives from InvalidOperationException so the CLI's guard reports it as a failure, not a crash.</remarks>
public sealed class LabException(string message) : InvalidOperationException(message);
