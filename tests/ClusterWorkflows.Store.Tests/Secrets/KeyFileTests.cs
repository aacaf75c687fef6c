using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store.Tests.Sqlite;

namespace ClusterWorkflows.Store.Tests.Secrets;

public sealed class KeyFileTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void FromKeyFile_Missing_CreatesOwnerOnly32ByteKey()
    {
        var path = Path.Combine(directory.Path, "keys", "secret.key");

        SecretProtector.FromKeyFile(path);

        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void FromKeyFile_Existing_LoadsTheSameKey()
    {
        var path = directory.File("secret.key");
        var data = SecretProtector.FromKeyFile(path).Protect("value", "name");

        var reloaded = SecretProtector.FromKeyFile(path);

        Assert.Equal("value", reloaded.Unprotect(data, "name"));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void FromKeyFile_AccessibleByGroupOrOthers_IsRefused(UnixFileMode extra)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only; Windows relies on the profile directory's ACL.
        }

        var path = directory.File("secret.key");
        SecretProtector.FromKeyFile(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Assert.Throws<SecretException>(() => SecretProtector.FromKeyFile(path));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKeyFile_WrongLength_IsRefused()
    {
        var path = directory.File("secret.key");
        File.WriteAllBytes(path, new byte[10]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var error = Assert.Throws<SecretException>(() => SecretProtector.FromKeyFile(path));

        Assert.Contains("10 bytes", error.Message, StringComparison.Ordinal);
    }
}
