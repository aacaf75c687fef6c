using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions;

/// <summary>Finds saved definitions for call steps (calls are pinned to a version).</summary>
public interface IDefinitionResolver
{
    WorkflowDefinition? Resolve(string id, int version);
}
