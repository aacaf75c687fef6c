using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IWorkflowStore"/> must have. A store's test class subclasses this and supplies
/// fresh databases; nothing here may depend on one engine. Time is passed explicitly; the base instant lies far
/// in the future so that leases taken "now" are still live by the wall clock that AlterRunAsync consults.
/// </summary>
public abstract partial class WorkflowStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2100, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(1);
    protected static readonly string[] NoDeadOwners = [];
    protected static readonly CancellationToken Ct = CancellationToken.None;

    private readonly List<IWorkflowStore> extraInstances = [];
    private IWorkflowStore? store;

    protected IWorkflowStore Store => store ?? throw new InvalidOperationException("The store is not initialised.");

    /// <summary>A fresh, empty, migrated store.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    /// <summary>Another instance on the database of <see cref="CreateStoreAsync"/>, as a second process would open it.</summary>
    protected abstract Task<IWorkflowStore> OpenSameDatabaseAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> created, after every instance is disposed.</summary>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var instance in extraInstances)
        {
            await instance.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }

        await DeleteDatabaseAsync();
    }

    protected async Task<IWorkflowStore> OpenAnotherInstanceAsync()
    {
        var instance = await OpenSameDatabaseAsync();
        extraInstances.Add(instance);
        return instance;
    }

    protected static RunRecord NewRun(DateTimeOffset createdAt, string? concurrencyKey = null, string definitionId = "deploy-stack") => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = definitionId,
        DefinitionVersion = 1,
        ConcurrencyKey = concurrencyKey,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    protected async Task<RunRecord> CreateRunAsync(DateTimeOffset createdAt, string? concurrencyKey = null, string definitionId = "deploy-stack")
    {
        var run = NewRun(createdAt, concurrencyKey, definitionId);
        await Store.CreateRunAsync(run, Ct);
        return run;
    }

    protected async Task<Lease> ClaimAsync(Guid runId, string owner = "worker-1", DateTimeOffset? now = null) =>
        await Store.TryClaimRunAsync(owner, now ?? T0, LeaseTime, runId, NoDeadOwners, Ct)
        ?? throw new InvalidOperationException($"Run {runId} was expected to be claimable.");

    protected async Task<RunRecord> GetRunAsync(Guid runId) =>
        await Store.GetRunAsync(runId, Ct) ?? throw new InvalidOperationException($"Run {runId} is missing.");

    protected static JournalRecord Step(Guid runId, string path, int attempt = 1, StepStatus status = StepStatus.Completed) => new()
    {
        RunId = runId,
        StepPath = path,
        StepId = path.Split('/')[^1],
        Attempt = attempt,
        Status = status,
        StartedAt = T0,
        EndedAt = status == StepStatus.Running ? null : T0.AddMilliseconds(5),
        Outputs = new JsonObject { ["path"] = path },
        WorkerId = "worker-1",
    };

    protected static RunStateUpdate Update(RunStatus? status = null) => new() { Status = status, UpdatedAt = T0.AddSeconds(1) };

    protected static void AssertJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}.");
}
