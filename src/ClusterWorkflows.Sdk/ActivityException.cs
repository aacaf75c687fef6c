namespace ClusterWorkflows.Sdk;

/// <summary>
/// A failure the activity understands. <see cref="Code"/> is what a runbook's <c>retry.on</c>
/// matches; <see cref="Retryable"/> false stops retries at once (bad input, refused credentials).
/// </summary>
public class ActivityException : Exception
{
    public ActivityException(string code, string message, bool retryable = true, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Retryable = retryable;
    }

    public string Code { get; }
    public bool Retryable { get; }
}

/// <summary>A failure that retrying cannot fix.</summary>
public class NonRetryableActivityException(string code, string message, Exception? inner = null)
    : ActivityException(code, message, retryable: false, inner);
