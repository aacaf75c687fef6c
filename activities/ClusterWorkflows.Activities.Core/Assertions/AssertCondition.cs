using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Assertions;

[Activity("core.assert", 1, Category = ActivityCategories.Core, Description = "Fails the step (without retries) when a condition is false.")]
public sealed class AssertCondition : IActivity<AssertConditionInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(AssertConditionInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!input.That)
        {
            throw new NonRetryableActivityException("assert.failed", input.Message);
        }

        return Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
    }
}
