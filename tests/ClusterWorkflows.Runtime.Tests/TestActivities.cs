using System.Collections.Concurrent;
using System.ComponentModel;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Runtime.Tests;

/// <summary>Counts how often each named side effect really happened (shared with the test).</summary>
public sealed class SideEffects
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

    public int Count(string name) => counts.GetValueOrDefault(name);

    public int Add(string name) => counts.AddOrUpdate(name, 1, (_, n) => n + 1);

    public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record EffectInput
{
    [Description("Name of the side effect to count.")]
    public required string Name { get; init; }

    [Description("A value echoed to the outputs.")]
    public string? Value { get; init; }

    [Description("A secret value that must never be written anywhere.")]
    [Secret]
    public string? Token { get; init; }
}

public sealed record EffectOutput
{
    [Description("How many times this effect has happened so far.")]
    public int Count { get; init; }

    [Description("The echoed value.")]
    public string? Value { get; init; }
}

[Activity("test.effect", 1, Category = "Test", Description = "Counts a side effect.")]
public sealed class RecordEffect(SideEffects effects) : IActivity<EffectInput, EffectOutput>
{
    public Task<ActivityResult<EffectOutput>> ExecuteAsync(EffectInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.CheckMode)
        {
            return Task.FromResult(ActivityResult.Changed(new EffectOutput { Count = effects.Count(input.Name), Value = input.Value }));
        }

        context.Log.Info($"effect {input.Name} value={input.Value} token={input.Token}");
        var count = effects.Add(input.Name);
        return Task.FromResult(ActivityResult.Changed(new EffectOutput { Count = count, Value = input.Value }));
    }
}

[Activity("test.once", 1, Category = "Test", Description = "A side effect that is not safe to repeat.", Idempotent = false)]
public sealed class RecordOnce(SideEffects effects) : IActivity<EffectInput, EffectOutput>
{
    public Task<ActivityResult<EffectOutput>> ExecuteAsync(EffectInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Changed(new EffectOutput { Count = effects.Add(input.Name), Value = input.Value }));
}

public sealed record BlockInput
{
    [Description("Name of the side effect counted when released.")]
    public required string Name { get; init; }
}

/// <summary>Signals that it started, then waits until the test opens the gate (or cancels).</summary>
[Activity("test.block", 1, Category = "Test", Description = "Blocks until released.")]
public sealed class BlockUntilReleased(SideEffects effects) : IActivity<BlockInput, NoOutput>
{
    public async Task<ActivityResult<NoOutput>> ExecuteAsync(BlockInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        effects.Entered.TrySetResult();
        await effects.Gate.Task.WaitAsync(cancellationToken);
        effects.Add(input.Name);
        return ActivityResult.Changed(NoOutput.Instance);
    }
}

public static class TestActivityRegistration
{
    public static IServiceCollection AddTestActivities(this IServiceCollection services, SideEffects effects)
    {
        services.AddSingleton(effects);
        services.AddScoped<AttemptScope>();
        services.AddActivity<UseScopedService>();
        services.AddActivity<RecordEffect>();
        services.AddActivity<RecordOnce>();
        services.AddActivity<BlockUntilReleased>();
        services.AddActivity<ReportProgress>();
        return services;
    }
}

/// <summary>A scoped service: one instance per activity attempt, disposed when the attempt ends.</summary>
public sealed class AttemptScope(SideEffects effects) : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => effects.Add($"disposed:{Id}");
}

[Activity("test.scoped", 1, Category = "Test", Description = "Records the scoped service instance it was given.")]
public sealed class UseScopedService(AttemptScope scope, SideEffects effects) : IActivity<EffectInput, EffectOutput>
{
    public Task<ActivityResult<EffectOutput>> ExecuteAsync(EffectInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        effects.Add($"used:{scope.Id}");
        return Task.FromResult(ActivityResult.Changed(new EffectOutput { Count = 1, Value = scope.Id.ToString() }));
    }
}
