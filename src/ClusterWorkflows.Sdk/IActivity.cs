namespace ClusterWorkflows.Sdk;

/// <summary>
/// One operation. Implementations are sealed classes carrying <see cref="ActivityAttribute"/>;
/// services arrive through the constructor. Execution checks before acting and reports whether it
/// changed anything; in check mode (<see cref="ActivityContext.CheckMode"/>) it only reports what it
/// would change.
/// </summary>
public interface IActivity<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    Task<ActivityResult<TOutput>> ExecuteAsync(TInput input, ActivityContext context, CancellationToken cancellationToken);
}
