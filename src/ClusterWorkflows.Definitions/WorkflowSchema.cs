using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Schema;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Definitions;

/// <summary>
/// The JSON Schema (draft 2020-12) of the runbook format, generated from the step kinds and the
/// catalog's activity descriptors, for editors: <c>uses</c> is an enum of the known activities and
/// each activity's <c>with</c> is checked against its input schema (any string holding
/// <c>${{ }}</c> is accepted for a typed field, since its value is only known at run time).
/// </summary>
public static class WorkflowSchema
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    public static JsonObject Generate(ActivityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SchemaBuilder(catalog).Build();
    }
}
