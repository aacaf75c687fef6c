namespace ClusterWorkflows.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run faulted or was cancelled, or a check failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown option, invalid runbook or inputs, unknown run.</summary>
    public const int Usage = 2;

    /// <summary>The run waits for a person (an approval).</summary>
    public const int Waiting = 3;

    /// <summary>Interrupted by Ctrl+C or SIGTERM; the run was handed back and can be resumed.</summary>
    public const int Interrupted = 130;
}
