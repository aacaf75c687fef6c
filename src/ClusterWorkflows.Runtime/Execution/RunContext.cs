using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Logging;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>Everything one execution of one claimed run shares across its steps.</summary>
public sealed class RunContext
{
    private readonly Lazy<JsonObject> inventoryJson;

    public RunContext(RunContextParts parts)
    {
        Run = parts.Run;
        Lease = parts.Lease;
        Store = parts.Store;
        Catalog = parts.Catalog;
        Services = parts.Services;
        Evaluator = parts.Evaluator;
        Redactor = parts.Redactor;
        Time = parts.Time;
        Options = parts.Options;
        Observer = parts.Observer;
        Journal = parts.Journal;
        Resolver = parts.Resolver;
        Secrets = parts.Secrets;
        Logs = parts.Logs;
        Cancel = parts.Cancel;
        Stop = parts.Stop;
        Vault = parts.Vault;
        foreach (var (k, v) in parts.Run.Variables)
        {
            Variables[k] = v?.DeepClone();
        }

        inventoryJson = new Lazy<JsonObject>(() => parts.Inventory?.ToJson(ResolveSecret) ?? new JsonObject
        {
            ["hosts"] = new JsonObject(),
            ["groups"] = new JsonObject(),
            ["vars"] = new JsonObject(),
        });
    }

    public RunRecord Run { get; }
    public Lease Lease { get; }
    public IWorkflowStore Store { get; }
    public ActivityCatalog Catalog { get; }
    public IServiceProvider Services { get; }
    public ExpressionEvaluator Evaluator { get; }
    public Redactor Redactor { get; }
    public TimeProvider Time { get; }
    public EngineOptions Options { get; }
    public IRunObserver Observer { get; }
    public JournalIndex Journal { get; }
    public IDefinitionResolver Resolver { get; }
    public IReadOnlyDictionary<string, string> Secrets { get; }
    public RunLogWriter Logs { get; }

    /// <summary>The secret store for activities, redacting in this run.</summary>
    public Sdk.ISecretVault? Vault { get; }

    /// <summary>Operator cancellation: the walk unwinds, running finally blocks.</summary>
    public CancellationToken Cancel { get; }

    /// <summary>Process shutdown or lease loss: abandon at once, write nothing more.</summary>
    public CancellationToken Stop { get; }

    public ConcurrentDictionary<string, JsonNode?> Variables { get; } = new(StringComparer.Ordinal);

    public bool CheckMode => Run.CheckMode;

    public DateTimeOffset Now => Time.GetUtcNow();

    public string ResolveSecret(string name) =>
        Secrets.TryGetValue(name, out var value)
            ? value
            : throw new ExpressionException($"unknown secret '{name}' (set it with: cw secret set {name})");

    public ExpressionScope Scope(Frame frame)
    {
        var scope = new ExpressionScope { SecretResolver = ResolveSecret }
            .Set("inputs", frame.Inputs)
            .SetLazy("vars", VariablesSnapshot)
            .SetLazy("steps", frame.Results.ToJson)
            .SetLazy("inventory", () => inventoryJson.Value)
            .Set("run", new JsonObject
            {
                ["id"] = Run.Id.ToString(),
                ["workflow"] = Run.DefinitionId,
                ["version"] = Run.DefinitionVersion,
                ["checkMode"] = Run.CheckMode,
            });
        foreach (var (name, value) in frame.Locals)
        {
            scope.Set(name, value);
        }

        if (frame.CaughtError is not null)
        {
            scope.Set("error", frame.CaughtError);
        }

        return scope;
    }

    /// <summary>Writes one journal record (and optionally the run row) in one fenced transaction.</summary>
    public async Task<JournalRecord> CheckpointAsync(JournalRecord record, RunStateUpdate? update = null)
    {
        var safe = record with
        {
            Inputs = Redactor.Redact(record.Inputs) as JsonObject,
            Outputs = Redactor.Redact(record.Outputs) as JsonObject,
            Variables = Redactor.Redact(record.Variables) as JsonObject,
            Error = record.Error is null ? null : record.Error with { Message = Redactor.Redact(record.Error.Message) },
            WorkerId = Options.WorkerId,
        };
        if (update?.Variables is not null)
        {
            update = update with { Variables = Redactor.Redact(update.Variables) as JsonObject };
        }

        var written = await Store.CheckpointAsync(Lease, safe, update, Stop);
        Hosting.CrashPoints.Committed();
        Journal.Put(written);
        Observer.StepChanged(Run.Id, written);
        return written;
    }

    /// <summary>A sorted copy of the variables, safe while parallel branches assign more.</summary>
    /// <remarks>
    /// ConcurrentDictionary.ToArray takes every lock at once. LINQ over the dictionary itself is not safe:
    /// it reads Count, then calls CopyTo, which throws when a branch added a variable in between.
    /// </remarks>
    public JsonObject VariablesSnapshot() =>
        new(Variables.ToArray().OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone())));
}

/// <summary>Constructor arguments of <see cref="RunContext"/>, grouped to keep the signature readable.</summary>
public sealed record RunContextParts
{
    public required RunRecord Run { get; init; }
    public required Lease Lease { get; init; }
    public required IWorkflowStore Store { get; init; }
    public required ActivityCatalog Catalog { get; init; }
    public required IServiceProvider Services { get; init; }
    public required ExpressionEvaluator Evaluator { get; init; }
    public required Redactor Redactor { get; init; }
    public required TimeProvider Time { get; init; }
    public required EngineOptions Options { get; init; }
    public required IRunObserver Observer { get; init; }
    public required JournalIndex Journal { get; init; }
    public required IDefinitionResolver Resolver { get; init; }
    public required IReadOnlyDictionary<string, string> Secrets { get; init; }
    public required RunLogWriter Logs { get; init; }
    public ClusterWorkflows.Inventory.HostInventory? Inventory { get; init; }
    public Sdk.ISecretVault? Vault { get; init; }
    public CancellationToken Cancel { get; init; }
    public CancellationToken Stop { get; init; }
}
