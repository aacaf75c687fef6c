using System.Security.Cryptography;

namespace ClusterWorkflows.Secrets;

/// <summary>The on-disk key: 32 raw random bytes, owner read/write only.</summary>
internal static class KeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path) && TryCreate(path) is { } created)
        {
            return created;
        }

        return Load(path);
    }

    private static byte[]? TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var key = RandomNumberGenerator.GetBytes(SecretProtector.KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode in one step: no window in which the key is world-readable.
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(key);
            stream.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return null;
        }
    }

    private static byte[] Load(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0)
            {
                throw new SecretException(
                    $"The secret key file {path} is accessible by group or others (mode {Octal(mode)}); " +
                    $"restrict it with 'chmod 600 {path}'.");
            }
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != SecretProtector.KeySize)
        {
            throw new SecretException(
                $"The secret key file {path} holds {bytes.Length} bytes; it must hold exactly {SecretProtector.KeySize} random bytes.");
        }

        return bytes;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
