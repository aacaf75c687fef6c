namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private static DefinitionRecord Definition(string id, int version, string hash = "h1", string content = "steps: []") =>
        new(id, version, content, hash, $"workflows/{id}.yaml", T0.AddTicks(version * 10));

    [Fact]
    public async Task SaveDefinitionAsync_NewVersion_ReturnsTrueAndRoundTrips()
    {
        var saved = Definition("deploy-stack", 1);

        Assert.True(await Store.SaveDefinitionAsync(saved, Ct));

        Assert.Equal(saved, await Store.GetDefinitionAsync("deploy-stack", 1, Ct));
    }

    [Fact]
    public async Task SaveDefinitionAsync_SameHashAgain_ReturnsFalse()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);

        Assert.False(await Store.SaveDefinitionAsync(Definition("deploy-stack", 1) with { SourcePath = "elsewhere.yaml" }, Ct));

        Assert.Equal("workflows/deploy-stack.yaml", (await Store.GetDefinitionAsync("deploy-stack", 1, Ct))!.SourcePath);
    }

    [Fact]
    public async Task SaveDefinitionAsync_DifferentHash_ThrowsConflictAndKeepsOriginal()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1, "h1", "original"), Ct);

        await Assert.ThrowsAsync<DefinitionConflictException>(
            () => Store.SaveDefinitionAsync(Definition("deploy-stack", 1, "h2", "edited"), Ct));

        Assert.Equal("original", (await Store.GetDefinitionAsync("deploy-stack", 1, Ct))!.Content);
    }

    [Fact]
    public async Task GetDefinitionAsync_NullVersion_ReturnsHighestVersion()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 10), Ct);
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 2), Ct);

        Assert.Equal(10, (await Store.GetDefinitionAsync("deploy-stack", null, Ct))!.Version);
    }

    [Fact]
    public async Task GetDefinitionAsync_Missing_ReturnsNull()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);

        Assert.Null(await Store.GetDefinitionAsync("deploy-stack", 2, Ct));
        Assert.Null(await Store.GetDefinitionAsync("backup", null, Ct));
    }

    [Fact]
    public async Task ListDefinitionsAsync_ReturnsNewestVersionOfEach()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 3), Ct);
        await Store.SaveDefinitionAsync(Definition("backup", 7), Ct);

        var listed = await Store.ListDefinitionsAsync(Ct);

        Assert.Equal([("backup", 7), ("deploy-stack", 3)], listed.Select(d => (d.Id, d.Version)).OrderBy(d => d.Id));
    }

    [Fact]
    public async Task ListDefinitionVersionsAsync_ReturnsEveryVersionAscending()
    {
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 2), Ct);
        await Store.SaveDefinitionAsync(Definition("deploy-stack", 1), Ct);
        await Store.SaveDefinitionAsync(Definition("backup", 1), Ct);

        var versions = await Store.ListDefinitionVersionsAsync("deploy-stack", Ct);

        Assert.Equal([1, 2], versions.Select(d => d.Version));
    }
}
