using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Drills;

/// <summary>A drill: fails on purpose so retry policies, incidents and resume can be rehearsed.</summary>
[Activity("core.fail", 1, Category = ActivityCategories.Core, Description = "Drill: fails the first attempts (or every attempt) with a chosen error code.")]
public sealed class FailAttempts : IActivity<FailAttemptsInput, FailAttemptsOutput>
{
    public Task<ActivityResult<FailAttemptsOutput>> ExecuteAsync(FailAttemptsInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var always = input.Times == -1;
        if (always || context.Attempt <= input.Times)
        {
            var plan = always ? "every attempt" : $"attempts 1 to {input.Times}";
            context.Log.Warning($"drill: failing attempt {context.Attempt} ({plan}) with code '{input.Code}'");
            throw input.Retryable
                ? new ActivityException(input.Code, input.Message)
                : new NonRetryableActivityException(input.Code, input.Message);
        }

        context.Log.Info($"drill: attempt {context.Attempt} succeeds");
        return Task.FromResult(ActivityResult.Unchanged(new FailAttemptsOutput { Attempt = context.Attempt }));
    }
}
