using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>The engine's collaborators, built once per process by <see cref="EngineBuilder"/>.</summary>
public sealed record EngineServices
{
    public required IWorkflowStore Store { get; init; }
    public required ActivityCatalog Catalog { get; init; }
    public required IServiceProvider Provider { get; init; }
    public required DefinitionRepository Definitions { get; init; }
    public required SecretStore Secrets { get; init; }
    public required SecretProtector Protector { get; init; }
    public required ExpressionEvaluator Evaluator { get; init; }
    public required EngineOptions Options { get; init; }
    public required TimeProvider Time { get; init; }
    public IRunObserver Observer { get; init; } = NullRunObserver.Instance;
}
