using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

/// <summary>What the HTTP server needs beyond the engine: <see cref="IServerStore"/> and journal revisions.</summary>
public abstract partial class WorkflowStoreContract
{
    private const string AlertGroup = "alertmanager:{}:{alertname=\"DiskFull\"}";

    private IServerStore Server => Store as IServerStore ?? throw new InvalidOperationException($"{Store.GetType().Name} is not an IServerStore.");

    private static IServerStore ServerOf(IWorkflowStore store) =>
        store as IServerStore ?? throw new InvalidOperationException($"{store.GetType().Name} is not an IServerStore.");

    private static RunRecord DedupRun(DateTimeOffset createdAt, string? key = AlertGroup) => NewRun(createdAt) with { DedupKey = key };

    private static ApiTokenRecord Token(string id, string name, DateTimeOffset createdAt) =>
        new(id, name, "operator", new string('a', 64), createdAt, "admin");

    private static AuditRecord Audit(string actor, string action, Guid? runId = null) =>
        new(0, T0, actor, action, runId, null, null, null, "api");

    /// <summary>Every page up to the first empty one; each page is read from the cursor of the previous page's last item.</summary>
    private static async Task<List<IReadOnlyList<T>>> PagesAsync<T>(Func<long?, Task<IReadOnlyList<T>>> read, Func<T, long> cursor)
    {
        var pages = new List<IReadOnlyList<T>>();
        long? from = null;
        IReadOnlyList<T> page;
        while ((page = await read(from)).Count > 0)
        {
            pages.Add(page);
            from = cursor(page[^1]);
            Assert.True(pages.Count <= 10, "paging does not terminate");
        }

        return pages;
    }

    // Revisions -----------------------------------------------------------------------------------

    [Fact]
    public async Task CheckpointAsync_SameAttemptReplaced_GetsHigherRevisionThanEveryEarlierWrite()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var started = await Store.CheckpointAsync(lease, Step(run.Id, "deploy", status: StepStatus.Running), null, Ct);
        var other = await Store.CheckpointAsync(lease, Step(run.Id, "other"), null, Ct);

        var finished = await Store.CheckpointAsync(lease, Step(run.Id, "deploy"), Update(), Ct);

        Assert.True(started.Revision > 0);
        Assert.True(other.Revision > started.Revision);
        Assert.True(finished.Revision > other.Revision);
        Assert.Equal(started.Sequence, finished.Sequence);
        var journal = await Store.GetJournalAsync(run.Id, Ct);
        Assert.Equal([finished.Revision, other.Revision], journal.Select(j => j.Revision));
    }

    [Fact]
    public async Task CheckpointAsync_AnotherRun_RevisionIsGreaterThanEveryEarlierOne()
    {
        var first = await CreateRunAsync(T0);
        var second = await CreateRunAsync(T0);
        var firstLease = await ClaimAsync(first.Id);
        var secondLease = await ClaimAsync(second.Id);
        var a = await Store.CheckpointAsync(firstLease, Step(first.Id, "a"), null, Ct);

        var b = await Store.CheckpointAsync(secondLease, Step(second.Id, "b"), null, Ct);

        Assert.True(b.Revision > a.Revision);
    }

    [Fact]
    public async Task CheckpointAsync_ManyRunsAtOnce_EachRecordGetsItsOwnStoredRevision()
    {
        var leases = new List<Lease>();
        for (var i = 0; i < 12; i++)
        {
            leases.Add(await ClaimAsync((await CreateRunAsync(T0)).Id));
        }

        // Concurrent checkpoints share a commit on PostgreSQL: the revisions must still be distinct per record.
        var written = await Task.WhenAll(leases.Select(l => Task.Run(() => Store.CheckpointAsync(l, Step(l.RunId, "a"), Update(), Ct))));

        Assert.Equal(written.Length, written.Select(w => w.Revision).Distinct().Count());
        foreach (var record in written)
        {
            Assert.Equal(record.Revision, Assert.Single(await Store.GetJournalAsync(record.RunId, Ct)).Revision);
        }
    }

    [Fact]
    public async Task WriteJournalUnleasedAsync_SameAttemptReplaced_GetsHigherRevision()
    {
        var run = await CreateRunAsync(T0);
        var waiting = await Store.WriteJournalUnleasedAsync(Step(run.Id, "gate", status: StepStatus.Waiting), null, Ct);

        var skipped = await Store.WriteJournalUnleasedAsync(Step(run.Id, "gate", status: StepStatus.Skipped), r => r with { UpdatedAt = T0.AddSeconds(1) }, Ct);

        Assert.True(skipped.Revision > waiting.Revision);
        Assert.Equal(skipped.Revision, Assert.Single(await Store.GetJournalAsync(run.Id, Ct)).Revision);
    }

    [Fact]
    public async Task GetJournalChangesAsync_AfterLastSeenRevision_ReturnsOnlyLaterChangesInRevisionOrder()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var otherLease = await ClaimAsync(other.Id);
        await Store.CheckpointAsync(lease, Step(run.Id, "a", status: StepStatus.Running), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "b"), null, Ct);
        var seen = (await Server.GetJournalChangesAsync(run.Id, 0, 100, Ct)).Max(j => j.Revision);

        await Store.CheckpointAsync(otherLease, Step(other.Id, "x"), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "c"), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "a"), null, Ct);

        var changes = await Server.GetJournalChangesAsync(run.Id, seen, 100, Ct);
        Assert.Equal([("c", StepStatus.Completed), ("a", StepStatus.Completed)], changes.Select(j => (j.StepPath, j.Status)));
        Assert.True(changes[0].Revision > seen && changes[1].Revision > changes[0].Revision);
        Assert.Empty(await Server.GetJournalChangesAsync(run.Id, changes[1].Revision, 100, Ct));
    }

    [Fact]
    public async Task GetJournalChangesAsync_Limit_PagesWithoutGapsOrRepeats()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        foreach (var path in new[] { "a", "b", "c", "d", "e" })
        {
            await Store.CheckpointAsync(lease, Step(run.Id, path), null, Ct);
        }

        var pages = await PagesAsync(after => Server.GetJournalChangesAsync(run.Id, after ?? 0, 2, Ct), j => j.Revision);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(["a", "b", "c", "d", "e"], pages.SelectMany(p => p).Select(j => j.StepPath));
    }

    [Fact]
    public async Task SupersedeJournalAsync_MarkedRecords_AppearAsChangesWithTheirOwnRevisions()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.CheckpointAsync(lease, Step(run.Id, "a"), null, Ct);
        var b = await Store.CheckpointAsync(lease, Step(run.Id, "b"), null, Ct);
        var c = await Store.CheckpointAsync(lease, Step(run.Id, "c"), null, Ct);

        await Store.SupersedeJournalAsync(run.Id, b.Sequence, Ct);

        var changes = await Server.GetJournalChangesAsync(run.Id, c.Revision, 100, Ct);
        Assert.Equal(["b", "c"], changes.Select(j => j.StepPath).Order());
        Assert.All(changes, j => Assert.True(j.Superseded));
        Assert.Equal(2, changes.Select(j => j.Revision).Distinct().Count());
    }

    [Fact]
    public async Task SupersedeJournalAsync_AlreadySuperseded_KeepsRevision()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var a = await Store.CheckpointAsync(lease, Step(run.Id, "a"), null, Ct);
        await Store.SupersedeJournalAsync(run.Id, a.Sequence, Ct);
        var marked = Assert.Single(await Store.GetJournalAsync(run.Id, Ct)).Revision;

        await Store.SupersedeJournalAsync(run.Id, a.Sequence, Ct);

        Assert.Empty(await Server.GetJournalChangesAsync(run.Id, marked, 100, Ct));
    }

    [Fact]
    public async Task PruneRunsAsync_RunWithNewestRevisionDeleted_RevisionsAreNotHandedOutAgain()
    {
        var pruned = await RunWithHistoryAsync(RunStatus.Completed, Cutoff.AddDays(-1));
        var newest = Assert.Single(await Store.GetJournalAsync(pruned.Id, Ct)).Revision;
        Assert.Equal(1, await Store.PruneRunsAsync(Cutoff, 10, Ct));

        var next = await Store.WriteJournalUnleasedAsync(Step((await CreateRunAsync(T0)).Id, "a"), null, Ct);

        Assert.True(next.Revision > newest);
    }

    // Runs feed -----------------------------------------------------------------------------------

    [Fact]
    public async Task ListRunsChangedSinceAsync_ReturnsRunsChangedAtOrAfter_OldestChangeFirstTiesById()
    {
        await CreateRunAsync(T0.AddSeconds(-1));
        var tied = new[] { NewRun(T0), NewRun(T0), NewRun(T0) };
        foreach (var run in tied)
        {
            await Store.CreateRunAsync(run, Ct);
        }

        var latest = await CreateRunAsync(T0.AddSeconds(1));

        var changed = await Server.ListRunsChangedSinceAsync(T0, 100, Ct);

        // Both stores order ids as their canonical text (SQLite stores that text, PostgreSQL compares uuid bytes alike).
        var expected = tied.Select(r => r.Id).OrderBy(id => id.ToString("D"), StringComparer.Ordinal).Append(latest.Id);
        Assert.Equal(expected, changed.Select(r => r.Id));
    }

    [Fact]
    public async Task ListRunsChangedSinceAsync_RunUpdatedByCheckpoint_IsTheOnlyRunChangedSince()
    {
        await CreateRunAsync(T0);
        var busy = await CreateRunAsync(T0);
        var lease = await ClaimAsync(busy.Id, now: T0);

        await Store.CheckpointAsync(lease, Step(busy.Id, "a"), Update() with { Variables = new JsonObject { ["x"] = 1 } }, Ct);

        var changed = Assert.Single(await Server.ListRunsChangedSinceAsync(T0.AddSeconds(1), 100, Ct));
        Assert.Equal(busy.Id, changed.Id);
        Assert.Equal(T0.AddSeconds(1), changed.UpdatedAt);
    }

    [Fact]
    public async Task ListRunsChangedSinceAsync_Limit_ReturnsTheOldestChanges()
    {
        var first = await CreateRunAsync(T0);
        var second = await CreateRunAsync(T0.AddSeconds(1));
        await CreateRunAsync(T0.AddSeconds(2));

        var changed = await Server.ListRunsChangedSinceAsync(T0, 2, Ct);

        Assert.Equal([first.Id, second.Id], changed.Select(r => r.Id));
    }

    // Deduplicated creation -------------------------------------------------------------------------

    [Fact]
    public async Task CreateRunAsync_DedupKey_RoundTripsEverywhereRunsAreRead()
    {
        var run = DedupRun(T0);

        await Store.CreateRunAsync(run, Ct);

        Assert.Equal(AlertGroup, (await GetRunAsync(run.Id)).DedupKey);
        Assert.Equal(AlertGroup, Assert.Single(await Store.ListRunsAsync(new RunQuery(), Ct)).DedupKey);
        Assert.Equal(AlertGroup, Assert.Single(await Server.ListRunsChangedSinceAsync(T0, 10, Ct)).DedupKey);
        Assert.Equal(AlertGroup, (await Store.AlterRunAsync(run.Id, r => r with { UpdatedAt = T0.AddSeconds(1) }, evenIfLeased: false, Ct)).DedupKey);
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_SameKeyActive_ReturnsFirstRunAndCreatesNothing()
    {
        var first = DedupRun(T0);
        Assert.Null(await Server.CreateRunUnlessActiveAsync(first, Ct));

        var existing = await Server.CreateRunUnlessActiveAsync(DedupRun(T0.AddSeconds(1)), Ct);

        Assert.Equal(first.Id, existing?.Id);
        Assert.Equal(AlertGroup, existing?.DedupKey);
        Assert.Single(await Store.ListRunsAsync(new RunQuery(), Ct));
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_FirstFaulted_StillReturnsFirst()
    {
        var first = DedupRun(T0);
        await Server.CreateRunUnlessActiveAsync(first, Ct);
        var lease = await ClaimAsync(first.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Faulted) with { Error = "disk full" }, release: true, Ct);

        var existing = await Server.CreateRunUnlessActiveAsync(DedupRun(T0.AddSeconds(2)), Ct);

        Assert.Equal(first.Id, existing?.Id);
        Assert.Equal(RunStatus.Faulted, existing?.Status);
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_FirstCompleted_CreatesNewRun()
    {
        var first = DedupRun(T0);
        await Server.CreateRunUnlessActiveAsync(first, Ct);
        var lease = await ClaimAsync(first.Id);
        await Store.CheckpointAsync(lease, Step(first.Id, "root"), Update(RunStatus.Completed) with { EndedAt = T0.AddSeconds(1) }, Ct);
        var second = DedupRun(T0.AddSeconds(2));

        Assert.Null(await Server.CreateRunUnlessActiveAsync(second, Ct));

        Assert.Equal(AlertGroup, (await GetRunAsync(second.Id)).DedupKey);
        Assert.Equal(2, (await Store.ListRunsAsync(new RunQuery(), Ct)).Count);
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_FirstCancelledByOperator_CreatesNewRun()
    {
        var first = DedupRun(T0);
        await Server.CreateRunUnlessActiveAsync(first, Ct);
        await Store.AlterRunAsync(first.Id, r => r with { Status = RunStatus.Cancelled, UpdatedAt = T0.AddSeconds(1) }, evenIfLeased: false, Ct);
        var second = DedupRun(T0.AddSeconds(2));

        Assert.Null(await Server.CreateRunUnlessActiveAsync(second, Ct));

        Assert.NotNull(await Store.GetRunAsync(second.Id, Ct));
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_NoKey_CreatesEveryRun()
    {
        Assert.Null(await Server.CreateRunUnlessActiveAsync(DedupRun(T0, key: null), Ct));
        Assert.Null(await Server.CreateRunUnlessActiveAsync(DedupRun(T0, key: null), Ct));

        Assert.Equal(2, (await Store.ListRunsAsync(new RunQuery(), Ct)).Count);
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_OtherKey_CreatesRun()
    {
        await Server.CreateRunUnlessActiveAsync(DedupRun(T0), Ct);

        Assert.Null(await Server.CreateRunUnlessActiveAsync(DedupRun(T0, key: "alertmanager:other"), Ct));

        Assert.Equal(2, (await Store.ListRunsAsync(new RunQuery(), Ct)).Count);
    }

    [Fact]
    public async Task CreateRunUnlessActiveAsync_TwoInstancesAtOnce_CreateExactlyOneRun()
    {
        var stores = new[] { Server, ServerOf(await OpenAnotherInstanceAsync()) };
        var candidates = Enumerable.Range(0, 16).Select(i => DedupRun(T0.AddSeconds(i))).ToList();

        var results = await Task.WhenAll(candidates.Select((run, i) => Task.Run(() => stores[i % 2].CreateRunUnlessActiveAsync(run, Ct))));

        var created = Assert.Single(candidates.Where((_, i) => results[i] is null));
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(created.Id, r!.Id));
        Assert.Equal(created.Id, Assert.Single(await Store.ListRunsAsync(new RunQuery(), Ct)).Id);
    }

    [Fact]
    public async Task CreateRunAsync_ActiveRunHoldsTheDedupKey_ThrowsAndCreatesNothing()
    {
        await Store.CreateRunAsync(DedupRun(T0), Ct);
        var second = DedupRun(T0.AddSeconds(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateRunAsync(second, Ct));

        Assert.Null(await Store.GetRunAsync(second.Id, Ct));
    }

    [Fact]
    public async Task AlterRunAsync_EndedRunMadeActiveWhileAnotherHoldsItsKey_ThrowsAndKeepsIt()
    {
        var first = DedupRun(T0);
        await Store.CreateRunAsync(first, Ct);
        await Store.AlterRunAsync(first.Id, r => r with { Status = RunStatus.Cancelled, UpdatedAt = T0.AddSeconds(1) }, evenIfLeased: false, Ct);
        await Server.CreateRunUnlessActiveAsync(DedupRun(T0.AddSeconds(2)), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.AlterRunAsync(first.Id, r => r with { Status = RunStatus.Pending }, evenIfLeased: false, Ct));

        Assert.Equal(RunStatus.Cancelled, (await GetRunAsync(first.Id)).Status);
    }

    [Fact]
    public async Task AlterRunAsync_ChangedDedupKey_IsRefused()
    {
        var run = DedupRun(T0);
        await Store.CreateRunAsync(run, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.AlterRunAsync(run.Id, r => r with { DedupKey = "other" }, evenIfLeased: false, Ct));

        Assert.Equal(AlertGroup, (await GetRunAsync(run.Id)).DedupKey);
    }

    // Webhook deliveries ------------------------------------------------------------------------------

    [Fact]
    public async Task TryRecordDeliveryAsync_SameKeyAgain_ReturnsFalse()
    {
        Assert.True(await Server.TryRecordDeliveryAsync("sha256=abc", T0, Ct));

        Assert.False(await Server.TryRecordDeliveryAsync("sha256=abc", T0.AddSeconds(1), Ct));
        Assert.True(await Server.TryRecordDeliveryAsync("sha256=abd", T0.AddSeconds(1), Ct));
    }

    [Fact]
    public async Task TryRecordDeliveryAsync_TwoInstancesAtOnce_ExactlyOneRecords()
    {
        var stores = new[] { Server, ServerOf(await OpenAnotherInstanceAsync()) };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => stores[i % 2].TryRecordDeliveryAsync("delivery-1", T0, Ct))));

        Assert.Single(results, recorded => recorded);
    }

    [Fact]
    public async Task PruneDeliveriesAsync_ForgetsOnlyOlderOnes()
    {
        await Server.TryRecordDeliveryAsync("old", T0.AddHours(-2), Ct);
        await Server.TryRecordDeliveryAsync("edge", T0.AddHours(-1), Ct);
        await Server.TryRecordDeliveryAsync("new", T0, Ct);

        Assert.Equal(1, await Server.PruneDeliveriesAsync(T0.AddHours(-1), Ct));

        Assert.True(await Server.TryRecordDeliveryAsync("old", T0, Ct));
        Assert.False(await Server.TryRecordDeliveryAsync("edge", T0, Ct));
        Assert.False(await Server.TryRecordDeliveryAsync("new", T0, Ct));
        Assert.Equal(0, await Server.PruneDeliveriesAsync(T0.AddHours(-1), Ct));
    }

    // API tokens ---------------------------------------------------------------------------------------

    [Fact]
    public async Task CreateApiTokenAsync_EveryField_RoundTrips()
    {
        var token = Token("tok_1", "ci", T0) with { LastUsedAt = T0.AddMinutes(1), RevokedAt = T0.AddMinutes(2) };

        await Server.CreateApiTokenAsync(token, Ct);

        Assert.Equal(token, await Server.GetApiTokenAsync("tok_1", Ct));
    }

    [Fact]
    public async Task CreateApiTokenAsync_SameId_ThrowsConflictAndKeepsOriginal()
    {
        await Server.CreateApiTokenAsync(Token("tok_1", "ci", T0), Ct);

        await Assert.ThrowsAsync<ApiTokenConflictException>(() => Server.CreateApiTokenAsync(Token("tok_1", "other", T0), Ct));

        Assert.Equal("ci", (await Server.GetApiTokenAsync("tok_1", Ct))?.Name);
    }

    [Fact]
    public async Task CreateApiTokenAsync_SameName_ThrowsConflictAndCreatesNothing()
    {
        await Server.CreateApiTokenAsync(Token("tok_1", "ci", T0), Ct);

        await Assert.ThrowsAsync<ApiTokenConflictException>(() => Server.CreateApiTokenAsync(Token("tok_2", "ci", T0), Ct));

        Assert.Null(await Server.GetApiTokenAsync("tok_2", Ct));
    }

    [Fact]
    public async Task ListApiTokensAsync_OldestFirstWithRevokedOnes()
    {
        await Server.CreateApiTokenAsync(Token("tok_b", "second", T0.AddMinutes(1)), Ct);
        await Server.CreateApiTokenAsync(Token("tok_a", "first", T0), Ct);
        await Server.CreateApiTokenAsync(Token("tok_c", "third", T0.AddMinutes(2)), Ct);
        await Server.RevokeApiTokenAsync("tok_b", T0.AddMinutes(3), Ct);

        var tokens = await Server.ListApiTokensAsync(Ct);

        Assert.Equal(["tok_a", "tok_b", "tok_c"], tokens.Select(t => t.Id));
        Assert.Equal(T0.AddMinutes(3), tokens[1].RevokedAt);
    }

    [Fact]
    public async Task RevokeApiTokenAsync_Twice_KeepsTheFirstTime()
    {
        await Server.CreateApiTokenAsync(Token("tok_1", "ci", T0), Ct);

        Assert.True(await Server.RevokeApiTokenAsync("tok_1", T0.AddMinutes(1), Ct));
        Assert.True(await Server.RevokeApiTokenAsync("tok_1", T0.AddMinutes(2), Ct));

        Assert.Equal(T0.AddMinutes(1), (await Server.GetApiTokenAsync("tok_1", Ct))?.RevokedAt);
    }

    [Fact]
    public async Task RevokeApiTokenAsync_UnknownId_ReturnsFalse()
    {
        Assert.False(await Server.RevokeApiTokenAsync("tok_missing", T0, Ct));

        Assert.Null(await Server.GetApiTokenAsync("tok_missing", Ct));
    }

    [Fact]
    public async Task TouchApiTokenAsync_OnlyMovesLastUsedForward()
    {
        await Server.CreateApiTokenAsync(Token("tok_1", "ci", T0), Ct);
        await Server.CreateApiTokenAsync(Token("tok_2", "other", T0), Ct);

        await Server.TouchApiTokenAsync("tok_1", T0.AddHours(1), Ct);
        await Server.TouchApiTokenAsync("tok_1", T0.AddMinutes(30), Ct);
        Assert.Equal(T0.AddHours(1), (await Server.GetApiTokenAsync("tok_1", Ct))?.LastUsedAt);

        await Server.TouchApiTokenAsync("tok_1", T0.AddHours(2), Ct);
        Assert.Equal(T0.AddHours(2), (await Server.GetApiTokenAsync("tok_1", Ct))?.LastUsedAt);
        Assert.Null((await Server.GetApiTokenAsync("tok_2", Ct))?.LastUsedAt);
    }

    // Audit ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task QueryAuditAsync_RunActorAndExactAction_EachFilter()
    {
        var run = Guid.NewGuid();
        await Store.AppendAuditAsync(Audit("alice", "run.start", run), Ct);
        await Store.AppendAuditAsync(Audit("bob", "run.cancel", run), Ct);
        await Store.AppendAuditAsync(Audit("alice", "run.cancel"), Ct);
        await Store.AppendAuditAsync(Audit("alice", "token.create"), Ct);

        Assert.Equal(["run.cancel", "run.start"], (await Server.QueryAuditAsync(new AuditQuery { RunId = run }, Ct)).Select(a => a.Action));
        Assert.Equal(["token.create", "run.cancel", "run.start"], (await Server.QueryAuditAsync(new AuditQuery { Actor = "alice" }, Ct)).Select(a => a.Action));
        Assert.Equal(["alice", "bob"], (await Server.QueryAuditAsync(new AuditQuery { Action = "run.cancel" }, Ct)).Select(a => a.Actor));
        var both = Assert.Single(await Server.QueryAuditAsync(new AuditQuery { RunId = run, Actor = "bob", Action = "run.cancel" }, Ct));
        Assert.Equal(run, both.RunId);
        Assert.Empty(await Server.QueryAuditAsync(new AuditQuery { Actor = "Alice" }, Ct));
        Assert.Equal(4, (await Server.QueryAuditAsync(new AuditQuery(), Ct)).Count);
    }

    [Fact]
    public async Task QueryAuditAsync_ActionEndingInDot_MatchesItAsALiteralPrefix()
    {
        await Store.AppendAuditAsync(Audit("alice", "run.start"), Ct);
        await Store.AppendAuditAsync(Audit("alice", "run.cancel"), Ct);
        await Store.AppendAuditAsync(Audit("alice", "runbook.save"), Ct);
        await Store.AppendAuditAsync(Audit("alice", "step.skip"), Ct);
        await Store.AppendAuditAsync(Audit("alice", "run"), Ct);

        Assert.Equal(["run.cancel", "run.start"], (await Server.QueryAuditAsync(new AuditQuery { Action = "run." }, Ct)).Select(a => a.Action));
        Assert.Equal(["run"], (await Server.QueryAuditAsync(new AuditQuery { Action = "run" }, Ct)).Select(a => a.Action));
        Assert.Empty(await Server.QueryAuditAsync(new AuditQuery { Action = "ru_." }, Ct));
        Assert.Empty(await Server.QueryAuditAsync(new AuditQuery { Action = "%." }, Ct));
    }

    [Fact]
    public async Task QueryAuditAsync_BeforeSequenceAndLimit_PageBackwardsNewestFirst()
    {
        foreach (var action in new[] { "a.1", "a.2", "a.3", "a.4", "a.5" })
        {
            await Store.AppendAuditAsync(Audit("alice", action), Ct);
        }

        var pages = await PagesAsync(before => Server.QueryAuditAsync(new AuditQuery { BeforeSequence = before, Limit = 2 }, Ct), a => a.Sequence);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(["a.5", "a.4", "a.3", "a.2", "a.1"], pages.SelectMany(p => p).Select(a => a.Action));
    }

    // Definition deletion -------------------------------------------------------------------------------

    [Fact]
    public async Task DeleteDefinitionAsync_LeavesListAndNewestLookup_KeepsExactVersions()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 2), Ct);
        await Store.SaveDefinitionAsync(Definition("backup", 1), Ct);

        Assert.True(await Server.DeleteDefinitionAsync("deploy-stack", T0, Ct));

        Assert.Equal(["backup"], (await Store.ListDefinitionsAsync(Ct)).Select(d => d.Id));
        Assert.Null(await Store.GetDefinitionAsync("deploy-stack", null, Ct));
        Assert.Equal(Definition("deploy-stack", 1), await Store.GetDefinitionAsync("deploy-stack", 1, Ct));
        Assert.Equal(Definition("deploy-stack", 2), await Store.GetDefinitionAsync("deploy-stack", 2, Ct));
        Assert.Equal([1, 2], (await Store.ListDefinitionVersionsAsync("deploy-stack", Ct)).Select(d => d.Version));
        Assert.Equal(1, (await Store.GetDefinitionAsync("backup", null, Ct))?.Version);
    }

    [Fact]
    public async Task DeleteDefinitionAsync_UnknownId_ReturnsFalse()
    {
        await Store.SaveDefinitionAsync(Definition("backup", 1), Ct);

        Assert.False(await Server.DeleteDefinitionAsync("deploy-stack", T0, Ct));

        Assert.Single(await Store.ListDefinitionsAsync(Ct));
    }

    [Fact]
    public async Task DeleteDefinitionAsync_Twice_ReturnsTrueAndStaysDeleted()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Server.DeleteDefinitionAsync("deploy-stack", T0, Ct);

        Assert.True(await Server.DeleteDefinitionAsync("deploy-stack", T0.AddMinutes(1), Ct));

        Assert.Empty(await Store.ListDefinitionsAsync(Ct));
    }

    [Fact]
    public async Task SaveDefinitionAsync_NewVersionAfterDelete_MakesTheDefinitionVisibleAgain()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Server.DeleteDefinitionAsync("deploy-stack", T0, Ct);

        Assert.True(await Store.SaveDefinitionAsync(Definition("deploy-stack", 2), Ct));

        Assert.Equal([("deploy-stack", 2)], (await Store.ListDefinitionsAsync(Ct)).Select(d => (d.Id, d.Version)));
        Assert.Equal(2, (await Store.GetDefinitionAsync("deploy-stack", null, Ct))?.Version);
        Assert.Equal(Definition("deploy-stack", 1), await Store.GetDefinitionAsync("deploy-stack", 1, Ct));
    }
}
