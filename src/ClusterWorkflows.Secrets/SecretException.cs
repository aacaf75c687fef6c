namespace ClusterWorkflows.Secrets;

/// <summary>A secret could not be protected, unprotected or keyed. Messages never contain secret values.</summary>
public sealed class SecretException : Exception
{
    public SecretException(string message)
        : base(message)
    {
    }

    public SecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
