namespace ClusterWorkflows.Store;

/// <summary>The rule every store applies before an operator changes a run: not while a live lease holds it.</summary>
public static class HeldRuns
{
    public static void ThrowIfHeld(RunRecord current, DateTimeOffset now, bool evenIfLeased)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!evenIfLeased && current.LeaseOwner is { } owner && current.LeaseExpiresAt > now)
        {
            throw new InvalidOperationException(
                $"Run {current.Id} is held by worker '{owner}' until {current.LeaseExpiresAt:O}; " +
                "wait for the worker to release it (or the lease to expire) before changing it.");
        }
    }
}
