using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Tests.TestActivities;

public enum RolloutSpeed
{
    Slow,
    Normal,
    VeryFast,
}

public sealed record SampleTarget
{
    [Description("Host to connect to.")]
    public string Host { get; init; } = "localhost";

    public int Port { get; init; } = 22;
}

/// <summary>One property per schema feature the descriptor factory handles.</summary>
public sealed record SampleInput
{
    [Description("Name of the cluster.")]
    public required string Cluster { get; init; }

    [Description("How many replicas to run.")]
    [Range(1, 10)]
    public int Replicas { get; init; } = 3;

    [Description("Registry token.")]
    [Secret]
    public string? Token { get; init; }

    [AllowedValues("rolling", "recreate")]
    public string Strategy { get; init; } = "rolling";

    [AllowedValues(1, 2, 4)]
    public int Batch { get; init; } = 1;

    public RolloutSpeed Speed { get; init; } = RolloutSpeed.VeryFast;

    public RolloutSpeed? OptionalSpeed { get; init; }

    [RegularExpression("^[a-z]+$")]
    public string? Slug { get; init; }

    [Range(0.5, 2.5)]
    public double Ratio { get; init; } = 1.5;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1.5);

    public TimeSpan? Grace { get; init; }

    public JsonNode? Payload { get; init; }

    public string? Note { get; init; }

    public bool DryRun { get; init; }

    [MinLength(1)]
    public string[] Tags { get; init; } = ["web"];
}

/// <summary>Nested records: their own initialisers, descriptions and closed schemas.</summary>
public sealed record NestedInput
{
    public required string Name { get; init; }

    public SampleTarget? Target { get; init; }

    public SampleTarget Primary { get; init; } = new() { Host = "primary", Port = 2222 };
}

public sealed record SampleOutput(string Message, int Count);

[Activity("test.sample", 2, Category = "Testing", Description = "Exercises every descriptor feature.", Idempotent = false, SupportsCheckMode = false)]
public sealed class SampleActivity : IActivity<SampleInput, SampleOutput>
{
    public Task<ActivityResult<SampleOutput>> ExecuteAsync(SampleInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new SampleOutput(input.Cluster, input.Replicas)));
}
