using ClusterWorkflows.Lab;
using Xunit;

namespace ClusterWorkflows.Testing.Lab;

/// <summary>
/// A test on a real lab. Off CI it is skipped (with the reason) on machines that cannot run the lab; in CI
/// (CI=true) it always runs, so a missing prerequisite fails loudly instead of silently skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var problems = Preflight.Problems(needDebootstrap: true);
        if (problems.Count > 0)
        {
            Skip = "lab prerequisites missing (set CI=true to fail instead): " + string.Join("; ", problems);
        }
    }
}
