using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClusterWorkflows.Server.Hooks;

/// <summary>
/// The HMAC scheme of signed webhooks: header <c>X-CW-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>
/// where v1 = HMAC-SHA256(key, "&lt;t&gt;." + body). The timestamp bounds how old a request may be;
/// within that window each signature is accepted once (the server records it), so a captured
/// request cannot be replayed.
/// </summary>
public static class HookSignature
{
    public const string Header = "X-CW-Signature";

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="at"/> (what a sender computes).</summary>
    public static string Sign(string key, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Compute(key, timestamp, body)}";
    }

    /// <summary>Null when the signature is valid and fresh; else why not (never revealing the expected value).</summary>
    public static string? Check(string? header, string key, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew, out string signature)
    {
        signature = "";
        if (string.IsNullOrEmpty(header))
        {
            return $"the {Header} header is missing";
        }

        string? timestamp = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signature = part[3..];
            }
        }

        if (timestamp is null || signature.Length == 0 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"the {Header} header must be t=<unix seconds>,v1=<hex HMAC-SHA256>";
        }

        DateTimeOffset signedAt;
        try
        {
            signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            return "the signature's timestamp is out of range";
        }

        if ((now - signedAt).Duration() > maxSkew)
        {
            return $"the signature's timestamp is more than {maxSkew.TotalMinutes:0} minutes from the server's clock";
        }

        var expected = Encoding.ASCII.GetBytes(Compute(key, timestamp, body));
        var presented = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? null : "the signature does not match the body";
    }

    private static string Compute(string key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), message));
    }
}
