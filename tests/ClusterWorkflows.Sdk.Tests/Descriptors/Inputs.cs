using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Tests.Descriptors;

/// <summary>Hand-built descriptors, so validator and coercion tests do not depend on the factory.</summary>
internal static class Inputs
{
    public static PropertyDescriptor Of(string name, string type, bool required = false, bool nullable = false, IReadOnlyList<string>? allowed = null) =>
        new(name, type, Description: null, required, Secret: false, Default: null, allowed) { Nullable = nullable };

    public static ActivityDescriptor Descriptor(params PropertyDescriptor[] inputs) =>
        new("test.inputs", 1, "Testing", "", Idempotent: true, SupportsCheckMode: true, inputs, [], new JsonObject(), new JsonObject());
}
