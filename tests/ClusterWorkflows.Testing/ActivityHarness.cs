using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Testing;

/// <summary>
/// Runs activities the way the runtime does (JSON inputs through the registration's binder and
/// invoker) without the runtime: a container from a register action, a catalog and a context.
/// </summary>
public sealed class ActivityHarness : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider provider;

    public ActivityHarness(Action<IServiceCollection> register, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var services = new ServiceCollection();
        register(services);
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Catalog = new ActivityCatalog(provider.GetServices<ActivityRegistration>());
        Time = time ?? TimeProvider.System;

        // A library's Register() may add a vault (the conformance suite builds harnesses itself).
        Secrets = provider.GetService<ISecretVault>();
    }

    public IServiceProvider Services => provider;

    public ActivityCatalog Catalog { get; }

    public TimeProvider Time { get; }

    /// <summary>Receives the lines of every invocation; <see cref="RecordingActivityLog.Clear"/> between runs if needed.</summary>
    public RecordingActivityLog Log { get; } = new();

    public string RunId { get; set; } = "run-test";

    public string StepPath { get; set; } = "steps/test";

    public string? ItemKey { get; set; }

    /// <summary>The run's secret vault handed to activities; the container's <see cref="ISecretVault"/> when one is registered.</summary>
    public ISecretVault? Secrets { get; set; }

    /// <summary>Stable across invocations, as the runtime keeps it stable across attempts of one step.</summary>
    public string IdempotencyKey { get; set; } = "run-test/steps/test";

    public ActivityRegistration Resolve(string reference)
    {
        var (typeId, version) = ActivityReference.Parse(reference);
        return Catalog.Find(typeId, version)
            ?? throw new InvalidOperationException(
                $"activity '{reference}' is not registered (registered: {string.Join(", ", Catalog.Descriptors.Select(d => d.Reference))})");
    }

    public ActivityContext CreateContext(bool checkMode = false, int attempt = 1) => new()
    {
        RunId = RunId,
        StepPath = StepPath,
        Attempt = attempt,
        IdempotencyKey = IdempotencyKey,
        Log = Log,
        Time = Time,
        CheckMode = checkMode,
        ItemKey = ItemKey,
        Secrets = Secrets,
    };

    public Task<ActivityInvocation> InvokeAsync(
        string reference,
        JsonObject inputs,
        bool checkMode = false,
        int attempt = 1,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var registration = Resolve(reference);

        // A copy: binding must not depend on (or change) the caller's object.
        var copy = (JsonObject)inputs.DeepClone();
        return registration.Invoke(provider, copy, CreateContext(checkMode, attempt), ct);
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    public void Dispose() => provider.Dispose();
}
