namespace ClusterWorkflows.Sdk;

/// <summary>Declares an activity's stable identity. Runbooks pin <c>TypeId@Version</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeId, int version) : Attribute
{
    public string Id { get; } = typeId;
    public int Version { get; } = version;
    /// <summary>One of <see cref="ActivityCategories.All"/> (the designer's palette groups by it).</summary>
    public string Category { get; init; } = ActivityCategories.General;
    public string Description { get; init; } = "";

    /// <summary>
    /// The error code inputs rejected by the binder (validation attributes, input rules) are
    /// reported with. Null: <c>inputs.invalid</c>. An activity whose hand-written checks used their
    /// own code (<c>command.bad-input</c>) keeps it, so <c>retry.on</c> lists and callers that
    /// match on it see no change when a check moves into an attribute.
    /// </summary>
    public string? InputErrorCode { get; init; }

    /// <summary>
    /// False when running the operation twice is unsafe. After a crash in the middle of such a
    /// step the runtime raises an incident and waits for a human instead of re-running it.
    /// </summary>
    public bool Idempotent { get; init; } = true;

    /// <summary>False when the activity cannot tell what it would change without changing it.</summary>
    public bool SupportsCheckMode { get; init; } = true;
}
