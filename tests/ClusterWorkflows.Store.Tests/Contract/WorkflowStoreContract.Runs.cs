using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    [Fact]
    public async Task CreateRunAsync_EveryField_RoundTripsToTheMicrosecond()
    {
        var run = new RunRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = "deploy-stack",
            DefinitionVersion = 4,
            Status = RunStatus.Waiting,
            Inputs = new JsonObject { ["cluster"] = "prod", ["password"] = "***", ["nodes"] = new JsonArray(1, 2) },
            ProtectedInputs = "AQIDBA==",
            Variables = new JsonObject { ["count"] = 3, ["nested"] = new JsonObject { ["ok"] = true } },
            Outputs = new JsonObject { ["url"] = "https://example.test/ü" },
            ConcurrencyKey = "cluster:prod",
            CheckMode = true,
            Inventory = "inventories/prod.yaml",
            Error = "step x failed",
            CancelRequested = true,
            InputOverrides = new JsonObject { ["deploy/pull"] = new JsonObject { ["image"] = "nginx:1.27" } },
            CreatedAt = T0,
            UpdatedAt = T0.AddTicks(10),
            StartedAt = T0.AddTicks(20),
            EndedAt = T0.AddTicks(30),
            WakeAt = new DateTimeOffset(2100, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(7_654_320),
            LeaseOwner = "worker-9",
            LeaseExpiresAt = T0.AddMinutes(5),
            LeaseEpoch = 7,
            CreatedBy = "alice",
        };

        await Store.CreateRunAsync(run, Ct);
        var read = await GetRunAsync(run.Id);

        Assert.Equal(run.Id, read.Id);
        Assert.Equal(run.DefinitionId, read.DefinitionId);
        Assert.Equal(run.DefinitionVersion, read.DefinitionVersion);
        Assert.Equal(run.Status, read.Status);
        AssertJson(run.Inputs, read.Inputs);
        Assert.Equal(run.ProtectedInputs, read.ProtectedInputs);
        AssertJson(run.Variables, read.Variables);
        AssertJson(run.Outputs, read.Outputs);
        Assert.Equal(run.ConcurrencyKey, read.ConcurrencyKey);
        Assert.Equal(run.CheckMode, read.CheckMode);
        Assert.Equal(run.Inventory, read.Inventory);
        Assert.Equal(run.Error, read.Error);
        Assert.Equal(run.CancelRequested, read.CancelRequested);
        AssertJson(run.InputOverrides, read.InputOverrides);
        Assert.Equal(run.CreatedAt, read.CreatedAt);
        Assert.Equal(run.UpdatedAt, read.UpdatedAt);
        Assert.Equal(run.StartedAt, read.StartedAt);
        Assert.Equal(run.EndedAt, read.EndedAt);
        Assert.Equal(run.WakeAt, read.WakeAt);
        Assert.Equal(run.LeaseOwner, read.LeaseOwner);
        Assert.Equal(run.LeaseExpiresAt, read.LeaseExpiresAt);
        Assert.Equal(run.LeaseEpoch, read.LeaseEpoch);
        Assert.Equal(run.CreatedBy, read.CreatedBy);
    }

    [Fact]
    public async Task CreateRunAsync_Defaults_ReadBackAsEmptyObjectsAndNulls()
    {
        var run = await CreateRunAsync(T0);

        var read = await GetRunAsync(run.Id);

        Assert.Equal(RunStatus.Pending, read.Status);
        AssertJson(new JsonObject(), read.Inputs);
        AssertJson(new JsonObject(), read.Variables);
        AssertJson(new JsonObject(), read.InputOverrides);
        Assert.Null(read.Outputs);
        Assert.Null(read.StartedAt);
        Assert.Null(read.LeaseOwner);
        Assert.Equal(0, read.LeaseEpoch);
    }

    [Fact]
    public async Task CreateRunAsync_DuplicateId_Throws()
    {
        var run = await CreateRunAsync(T0);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CreateRunAsync(run with { DefinitionId = "other" }, Ct));

        Assert.Equal("deploy-stack", (await GetRunAsync(run.Id)).DefinitionId);
    }

    [Fact]
    public async Task GetRunAsync_Missing_ReturnsNull() => Assert.Null(await Store.GetRunAsync(Guid.NewGuid(), Ct));

    [Fact]
    public async Task ListRunsAsync_NewestFirstWithLimitAndOffset()
    {
        var runs = new List<RunRecord>();
        for (var i = 0; i < 5; i++)
        {
            runs.Add(await CreateRunAsync(T0.AddMinutes(i)));
        }

        var firstPage = await Store.ListRunsAsync(new RunQuery { Limit = 2 }, Ct);
        var secondPage = await Store.ListRunsAsync(new RunQuery { Limit = 2, Offset = 2 }, Ct);
        var lastPage = await Store.ListRunsAsync(new RunQuery { Limit = 2, Offset = 4 }, Ct);

        Assert.Equal([runs[4].Id, runs[3].Id], firstPage.Select(r => r.Id));
        Assert.Equal([runs[2].Id, runs[1].Id], secondPage.Select(r => r.Id));
        Assert.Equal([runs[0].Id], lastPage.Select(r => r.Id));
    }

    [Fact]
    public async Task ListRunsAsync_FiltersByStatusAndDefinition()
    {
        var deploy = await CreateRunAsync(T0, definitionId: "deploy-stack");
        var backup = await CreateRunAsync(T0.AddSeconds(1), definitionId: "backup");
        var claimedBackup = await CreateRunAsync(T0.AddSeconds(2), definitionId: "backup");
        await ClaimAsync(claimedBackup.Id);

        var pending = await Store.ListRunsAsync(new RunQuery { Status = RunStatus.Pending }, Ct);
        var backups = await Store.ListRunsAsync(new RunQuery { DefinitionId = "backup" }, Ct);
        var runningBackups = await Store.ListRunsAsync(new RunQuery { DefinitionId = "backup", Status = RunStatus.Running }, Ct);

        Assert.Equal([backup.Id, deploy.Id], pending.Select(r => r.Id));
        Assert.Equal([claimedBackup.Id, backup.Id], backups.Select(r => r.Id));
        Assert.Equal([claimedBackup.Id], runningBackups.Select(r => r.Id));
    }

    [Fact]
    public async Task AlterRunAsync_IdleRun_AppliesChangeAndReturnsStoredRow()
    {
        var run = await CreateRunAsync(T0);

        var altered = await Store.AlterRunAsync(
            run.Id,
            r => r with
            {
                Status = RunStatus.Faulted,
                Error = "boom",
                CancelRequested = true,
                InputOverrides = new JsonObject { ["a/b"] = new JsonObject { ["x"] = 1 } },
                UpdatedAt = T0.AddSeconds(3),
            },
            evenIfLeased: false,
            Ct);

        var read = await GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Faulted, altered.Status);
        Assert.Equal(RunStatus.Faulted, read.Status);
        Assert.Equal("boom", read.Error);
        Assert.True(read.CancelRequested);
        AssertJson(new JsonObject { ["a/b"] = new JsonObject { ["x"] = 1 } }, read.InputOverrides);
        Assert.Equal(T0.AddSeconds(3), read.UpdatedAt);
    }

    [Fact]
    public async Task AlterRunAsync_LiveLease_ThrowsUnlessEvenIfLeased()
    {
        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.AlterRunAsync(run.Id, r => r with { CancelRequested = true }, evenIfLeased: false, Ct));
        Assert.False((await GetRunAsync(run.Id)).CancelRequested);

        var altered = await Store.AlterRunAsync(run.Id, r => r with { CancelRequested = true }, evenIfLeased: true, Ct);

        Assert.True(altered.CancelRequested);
        Assert.Equal("worker-1", altered.LeaseOwner);
    }

    [Fact]
    public async Task AlterRunAsync_ExpiredLease_IsAllowed()
    {
        var run = await CreateRunAsync(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await ClaimAsync(run.Id, now: new DateTimeOffset(2000, 1, 1, 0, 0, 1, TimeSpan.Zero));

        var altered = await Store.AlterRunAsync(run.Id, r => r with { Status = RunStatus.Pending }, evenIfLeased: false, Ct);

        Assert.Equal(RunStatus.Pending, altered.Status);
    }

    [Fact]
    public async Task AlterRunAsync_ChangeThrows_LeavesRunUntouched()
    {
        var run = await CreateRunAsync(T0);

        await Assert.ThrowsAsync<FormatException>(
            () => Store.AlterRunAsync(run.Id, _ => throw new FormatException("bad edit"), evenIfLeased: false, Ct));

        Assert.Equal(RunStatus.Pending, (await GetRunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task AlterRunAsync_MissingRun_Throws() =>
        await Assert.ThrowsAnyAsync<Exception>(
            () => Store.AlterRunAsync(Guid.NewGuid(), r => r with { Status = RunStatus.Cancelled }, evenIfLeased: false, Ct));
}
