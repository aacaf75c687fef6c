namespace ClusterWorkflows.Sdk;

/// <summary>
/// Marks an input or output whose value is a secret: it is masked in forms, redacted from logs,
/// the journal, errors and every API response.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SecretAttribute : Attribute;
