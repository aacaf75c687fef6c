using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Logging;

[Activity("core.log", 1, Category = ActivityCategories.Core, Description = "Writes one line to the step's log.")]
public sealed class WriteLog : IActivity<WriteLogInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(WriteLogInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        context.Log.Write(input.Level, input.Message);
        return Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
    }
}
