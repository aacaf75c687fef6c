using System.Security.Cryptography;
using System.Text;

namespace ClusterWorkflows.Secrets;

/// <summary>
/// Encrypts secret values with AES-256-GCM. Layout: version byte, 12-byte random nonce, 16-byte tag, ciphertext.
/// The associated data (the secret's name, or the run id for a run's secret inputs) is authenticated but not
/// stored, so a ciphertext copied under another name fails to decrypt instead of leaking under the wrong name.
/// </summary>
public sealed class SecretProtector
{
    public const string KeyEnvironmentVariable = "CW_SECRET_KEY";
    public const int KeySize = 32;

    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] key;

    public SecretProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new SecretException($"A secret key must be {KeySize} bytes (AES-256); this one has {key.Length}.");
        }

        this.key = key.ToArray();
    }

    /// <summary>
    /// Loads the key from <paramref name="path"/>, creating it (32 random bytes, mode 0600) when missing.
    /// An existing file that group or others may access is refused: the key decrypts every secret.
    /// </summary>
    public static SecretProtector FromKeyFile(string path) => new(KeyFile.LoadOrCreate(path));

    /// <summary>The key from <c>CW_SECRET_KEY</c> (base64 of 32 bytes), or null when the variable is not set.</summary>
    public static SecretProtector? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(KeyEnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : FromBase64(value, KeyEnvironmentVariable);
    }

    /// <summary><c>CW_SECRET_KEY</c> when set, else the key file (created when missing).</summary>
    public static SecretProtector FromEnvironmentOrKeyFile(string keyFilePath) =>
        FromEnvironment() ?? FromKeyFile(keyFilePath);

    /// <summary>A key given as base64 text; <paramref name="source"/> names where it came from in errors.</summary>
    public static SecretProtector FromBase64(string base64Key, string source)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        var buffer = new byte[KeySize + 3];
        if (!Convert.TryFromBase64String(base64Key.Trim(), buffer, out var written) || written != KeySize)
        {
            throw new SecretException($"{source} must be the base64 encoding of exactly {KeySize} bytes.");
        }

        return new SecretProtector(buffer.AsSpan(0, KeySize));
    }

    /// <summary>A new random 32-byte key, base64 encoded (for <c>CW_SECRET_KEY</c>).</summary>
    public static string GenerateBase64Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    public byte[] Protect(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(associatedData);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + plain.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        var tag = output.AsSpan(1 + NonceSize, TagSize);
        var cipher = output.AsSpan(HeaderSize);
        RandomNumberGenerator.Fill(nonce);

        // AesGcm instances are not documented as thread-safe; one per call costs a key schedule, far below a DB write.
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    public string Unprotect(byte[] data, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(associatedData);
        if (data.Length < HeaderSize)
        {
            throw new SecretException($"The protected value for '{associatedData}' is truncated ({data.Length} bytes).");
        }

        if (data[0] != FormatVersion)
        {
            throw new SecretException($"The protected value for '{associatedData}' has unknown format version {data[0]}.");
        }

        var plain = new byte[data.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                data.AsSpan(1, NonceSize),
                data.AsSpan(HeaderSize),
                data.AsSpan(1 + NonceSize, TagSize),
                plain,
                Encoding.UTF8.GetBytes(associatedData));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretException(
                $"The protected value for '{associatedData}' could not be decrypted: the key is wrong, or the data was altered or stored under another name.",
                e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary><see cref="Protect"/> as base64, for small blobs kept in text columns (a run's secret inputs).</summary>
    public string ProtectToString(string plaintext, string associatedData) =>
        Convert.ToBase64String(Protect(plaintext, associatedData));

    public string UnprotectFromString(string protectedText, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        byte[] data;
        try
        {
            data = Convert.FromBase64String(protectedText);
        }
        catch (FormatException e)
        {
            throw new SecretException($"The protected value for '{associatedData}' is not valid base64.", e);
        }

        return Unprotect(data, associatedData);
    }
}
