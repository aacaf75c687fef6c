namespace ClusterWorkflows.Expressions;

/// <summary>An expression failed to parse or evaluate. The message names the expression.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
