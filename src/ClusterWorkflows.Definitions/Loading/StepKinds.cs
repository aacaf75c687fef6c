namespace ClusterWorkflows.Definitions.Loading;

/// <summary>One kind of step: the key that selects it, the extra keys it accepts, and its name in messages.</summary>
internal sealed record StepKind(string Key, string[] Extra, string Label);

/// <summary>The keys of the step format, shared by the loader, its messages and the JSON Schema.</summary>
internal static class StepKinds
{
    public static readonly string[] CommonKeys = ["id", "name", "when", "retry", "timeout", "continueOnError"];

    public static readonly string[] RetryKeys = ["maxAttempts", "delay", "backoff", "maxDelay", "on"];

    public static readonly string[] ApprovalKeys = ["message", "approvers", "role", "minApprovals", "timeout"];

    public static readonly string[] CallKeys = ["workflow", "version", "with"];

    public static readonly string[] BackoffNames = ["constant", "linear", "exponential"];

    /// <summary>In priority order: <c>forEach</c> comes before <c>steps</c> because a forEach also has <c>steps</c>.</summary>
    public static readonly StepKind[] All =
    [
        new("uses", ["with", "idempotent"], "an activity step ('uses')"),
        new("forEach", ["as", "concurrency", "serial", "maxFailPercentage", "steps"], "a forEach step"),
        new("steps", [], "a sequence step ('steps')"),
        new("parallel", [], "a parallel step"),
        new("if", ["then", "else"], "an if step"),
        new("switch", ["cases", "default"], "a switch step"),
        new("try", ["catch", "finally"], "a try step"),
        new("approval", [], "an approval step"),
        new("delay", [], "a delay step"),
        new("waitUntil", [], "a waitUntil step"),
        new("call", [], "a call step"),
    ];

    public static IEnumerable<string> KindKeys => All.Select(k => k.Key);

    public static IReadOnlyCollection<string> AllowedKeys(StepKind kind) =>
        [.. CommonKeys, kind.Key, .. kind.Extra];

    /// <summary>Every key any step may have, for messages about steps whose kind is unknown.</summary>
    public static IReadOnlyCollection<string> AnyStepKeys =>
        CommonKeys.Concat(All.SelectMany(k => k.Extra.Prepend(k.Key))).Distinct(StringComparer.Ordinal).ToList();
}
