using System.Text;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store.Sqlite;
using ClusterWorkflows.Store.Tests.Sqlite;

namespace ClusterWorkflows.Store.Tests.Secrets;

/// <summary>SecretStore over the real SQLite store.</summary>
public sealed class SecretStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory directory = new();
    private SqliteWorkflowStore? database;
    private SecretStore? secrets;

    private SqliteWorkflowStore Database => database!;
    private SecretStore Secrets => secrets!;
    private string DatabasePath => directory.File("cw.db");

    public async Task InitializeAsync()
    {
        database = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });
        await database.MigrateAsync(Ct);
        secrets = new SecretStore(database, SecretProtector.FromKeyFile(directory.File("secret.key")));
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task SetAsync_ThenGetListDelete_RoundTrips()
    {
        await Secrets.SetAsync("s3.access_key", "AKIA-1", Ct);
        await Secrets.SetAsync("dns-token", "tok-2", Ct);
        await Secrets.SetAsync("s3.access_key", "AKIA-3", Ct);

        Assert.Equal("AKIA-3", await Secrets.GetAsync("s3.access_key", Ct));
        Assert.Equal(["dns-token", "s3.access_key"], await Secrets.ListNamesAsync(Ct));
        Assert.True(await Secrets.DeleteAsync("dns-token", Ct));
        Assert.False(await Secrets.DeleteAsync("dns-token", Ct));
        Assert.Null(await Secrets.GetAsync("dns-token", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("../etc")]
    public async Task SetAsync_InvalidName_ThrowsNamingTheField(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Secrets.SetAsync(name, "value", Ct));

        Assert.Equal("name", error.ParamName);
        Assert.Empty(await Secrets.ListNamesAsync(Ct));
    }

    [Fact]
    public async Task SetAsync_DatabaseFiles_NeverContainPlaintext()
    {
        var plaintext = "correct-horse-battery-staple-" + Guid.NewGuid().ToString("N");

        await Secrets.SetAsync("db_password", plaintext, Ct);

        Assert.Equal(plaintext, await Secrets.GetAsync("db_password", Ct));
        var files = new[] { DatabasePath, DatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.Contains(DatabasePath + "-wal", files);
        var bytes = files.SelectMany(ReadShared).ToArray();

        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(plaintext)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(plaintext)));

        // Control: the search does see what was written (the name is stored in clear).
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf("db_password"u8));
    }

    [Fact]
    public async Task GetAsync_CiphertextCopiedUnderAnotherName_FailsToDecrypt()
    {
        await Secrets.SetAsync("db_password", "p4ssw0rd", Ct);
        var stored = await Database.GetSecretAsync("db_password", Ct);
        await Database.SetSecretAsync(stored! with { Name = "public_note" }, Ct);

        await Assert.ThrowsAsync<SecretException>(() => Secrets.GetAsync("public_note", Ct));
    }

    [Fact]
    public async Task GetAsync_WithAnotherKey_FailsToDecrypt()
    {
        await Secrets.SetAsync("db_password", "p4ssw0rd", Ct);
        var otherKey = new SecretStore(Database, SecretProtector.FromKeyFile(directory.File("other.key")));

        await Assert.ThrowsAsync<SecretException>(() => otherKey.GetAsync("db_password", Ct));
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
