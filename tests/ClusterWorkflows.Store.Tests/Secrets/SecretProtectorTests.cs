using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Secrets;

namespace ClusterWorkflows.Store.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private const string Plaintext = "s3cr3t-Pässwörd-🔑";
    private static SecretProtector NewProtector() => new(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData(Plaintext)]
    public void Unprotect_OfProtect_ReturnsPlaintext(string plaintext)
    {
        var protector = NewProtector();

        Assert.Equal(plaintext, protector.Unprotect(protector.Protect(plaintext, "db_password"), "db_password"));
    }

    [Fact]
    public void Protect_Output_IsVersionNonceTagCiphertextWithFreshNonce()
    {
        var protector = NewProtector();

        var first = protector.Protect(Plaintext, "name");
        var second = protector.Protect(Plaintext, "name");

        Assert.Equal(1 + 12 + 16 + Encoding.UTF8.GetByteCount(Plaintext), first.Length);
        Assert.Equal(1, first[0]);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Unprotect_WrongKey_ThrowsSecretExceptionWithoutPlaintext()
    {
        var data = NewProtector().Protect(Plaintext, "db_password");

        var error = Assert.Throws<SecretException>(() => NewProtector().Unprotect(data, "db_password"));

        Assert.Contains("db_password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(29)]
    public void Unprotect_TamperedByte_Throws(int index)
    {
        var protector = NewProtector();
        var data = protector.Protect(Plaintext, "db_password");
        data[index] ^= 0x01;

        Assert.Throws<SecretException>(() => protector.Unprotect(data, "db_password"));
    }

    [Fact]
    public void Unprotect_UnderAnotherName_Throws()
    {
        var protector = NewProtector();
        var data = protector.Protect(Plaintext, "db_password");

        Assert.Throws<SecretException>(() => protector.Unprotect(data, "s3_key"));
    }

    [Fact]
    public void Unprotect_TruncatedOrUnknownVersion_Throws()
    {
        var protector = NewProtector();
        var data = protector.Protect(Plaintext, "n");
        var unknownVersion = (byte[])data.Clone();
        unknownVersion[0] = 9;

        Assert.Throws<SecretException>(() => protector.Unprotect(data[..20], "n"));
        Assert.Contains("version 9", Assert.Throws<SecretException>(() => protector.Unprotect(unknownVersion, "n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnprotectFromString_OfProtectToString_RoundTripsAndRejectsGarbage()
    {
        var protector = NewProtector();
        var text = protector.ProtectToString("{\"password\":\"x\"}", "run:42");

        Assert.Equal("{\"password\":\"x\"}", protector.UnprotectFromString(text, "run:42"));
        Assert.Throws<SecretException>(() => protector.UnprotectFromString("not base64!", "run:42"));
        Assert.Throws<SecretException>(() => protector.UnprotectFromString(text, "run:43"));
    }

    [Fact]
    public void Constructor_KeyOfWrongSize_Throws() =>
        Assert.Throws<SecretException>(() => new SecretProtector(new byte[16]));

    [Fact]
    public void FromBase64_ValidKey_InteroperatesWithRawKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var data = new SecretProtector(key).Protect(Plaintext, "n");

        var fromText = SecretProtector.FromBase64(Convert.ToBase64String(key), "test");

        Assert.Equal(Plaintext, fromText.Unprotect(data, "n"));
    }

    [Fact]
    public void FromBase64_WrongLengthOrGarbage_ThrowsNamingTheSource()
    {
        var shortKey = Assert.Throws<SecretException>(() => SecretProtector.FromBase64(Convert.ToBase64String(new byte[31]), "CW_SECRET_KEY"));
        Assert.Throws<SecretException>(() => SecretProtector.FromBase64("%%%", "CW_SECRET_KEY"));

        Assert.Contains("CW_SECRET_KEY", shortKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_SetOrUnset_ReturnsKeyOrNull()
    {
        // The only test touching this process-wide variable.
        var previous = Environment.GetEnvironmentVariable(SecretProtector.KeyEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(SecretProtector.KeyEnvironmentVariable, null);
            Assert.Null(SecretProtector.FromEnvironment());

            var key = SecretProtector.GenerateBase64Key();
            Environment.SetEnvironmentVariable(SecretProtector.KeyEnvironmentVariable, key);
            var fromEnvironment = SecretProtector.FromEnvironment();
            var fromText = SecretProtector.FromBase64(key, "test");

            Assert.NotNull(fromEnvironment);
            Assert.Equal(Plaintext, fromText.Unprotect(fromEnvironment.Protect(Plaintext, "n"), "n"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretProtector.KeyEnvironmentVariable, previous);
        }
    }
}
