using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Hosting.Tokens;

/// <summary>The roles an API token (or an OpenID Connect user) can have; each includes the ones before it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly string[] All = [Viewer, Operator, Admin];

    /// <summary>The role and every role it includes (admin → admin, operator, viewer).</summary>
    public static IEnumerable<string> Implied(string role) => All.Take(Array.IndexOf(All, role) + 1);

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// API tokens: <c>cwt_&lt;id&gt;_&lt;secret&gt;</c>. The id finds the record; only the SHA-256 of the
/// 256-bit random secret is stored (a slow hash adds nothing for a random secret of that size).
/// </summary>
public static class ApiTokens
{
    public const string Prefix = "cwt_";
    private const int IdBytes = 6;
    private const int SecretBytes = 32;

    /// <summary>A new token: the text to hand out once, and the record to store.</summary>
    public static (string Token, ApiTokenRecord Record) Issue(string name, string role, string createdBy, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("name: 1 to 100 characters");
        }

        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"role: one of {string.Join(", ", Roles.All)}, got '{role}'");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Prefix}{id}_{secret}", new ApiTokenRecord(id, name.Trim(), role, Hash(secret), now, createdBy));
    }

    /// <summary>Splits a presented token; false when it does not have the token's shape.</summary>
    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = "";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = token.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore != IdBytes * 2 || rest.Length - underscore - 1 < 40)
        {
            return false;
        }

        id = rest[..underscore].ToString();
        secret = rest[(underscore + 1)..].ToString();
        return true;
    }

    /// <summary>True when <paramref name="secret"/> hashes to the stored hash (constant time).</summary>
    public static bool Matches(ApiTokenRecord record, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(record.SecretHash));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
