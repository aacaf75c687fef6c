namespace ClusterWorkflows.Sdk.Tests.Rules;

/// <summary>One field per input rule, so each rule is seen alone in the schema, the binder and the checks.</summary>
[MutuallyExclusive("body", "json")]
[ExactlyOne("port", "command")]
public sealed record RuleInput
{
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    [PositiveDuration]
    public TimeSpan? Grace { get; init; }

    [Port]
    public int? Port { get; init; }

    public string? Command { get; init; }

    [HostName]
    public string Host { get; init; } = "127.0.0.1";

    [NonEmpty]
    public string[] Endpoints { get; init; } = ["a"];

    public string? Body { get; init; }

    public string? Json { get; init; }

    public RuleTarget? Target { get; init; }
}

public sealed record RuleTarget
{
    [Port]
    public int Port { get; init; } = 22;
}
