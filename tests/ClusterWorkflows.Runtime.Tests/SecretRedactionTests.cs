using System.Text;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

/// <summary>A planted secret must not appear in the journal, logs, errors, run row or the database file.</summary>
public sealed class SecretRedactionTests : IAsyncLifetime
{
    private const string Planted = "s3cr3t-PLANTED-value-9f8e7d";
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Run_UsingASecretEverywhere_NeverStoresItInClear()
    {
        await f.Services.Secrets.SetAsync("db_password", Planted, CancellationToken.None);
        var run = await f.RunAsync("""
            id: leaky
            version: 1
            inputs:
              apiKey: { type: string, secret: true, required: true }
            steps:
              - id: use
                uses: test.effect@1
                with: { name: use, value: "pw=${{ secrets.db_password }}", token: "${{ secrets.db_password }}" }
              - id: shell
                uses: core.command@1
                with: { command: "echo got ${{ secrets.db_password }} and ${{ inputs.apiKey }}; echo ${{ inputs.apiKey }} >&2; exit 3", shell: true }
            """, new System.Text.Json.Nodes.JsonObject { ["apiKey"] = Planted + "-input" });

        Assert.Equal(RunStatus.Faulted, run.Status);
        var journal = await f.JournalAsync(run.Id);
        var logs = await f.Store.GetLogsAsync(run.Id, null, 0, 1000, CancellationToken.None);
        Assert.NotEmpty(logs);
        var everything = new StringBuilder()
            .Append(run.Inputs.ToJsonString()).Append(run.Error)
            .AppendJoin('\n', journal.Select(r => $"{r.Inputs?.ToJsonString()} {r.Outputs?.ToJsonString()} {r.Error?.Message}"))
            .AppendJoin('\n', logs.Select(l => l.Text))
            .ToString();
        Assert.DoesNotContain(Planted, everything, StringComparison.Ordinal);
        Assert.Contains("***", everything, StringComparison.Ordinal);

        await f.Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(f.Directory, "cw.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Planted)), $"{file} contains the secret in clear");
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;
}
