using System.CommandLine;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>The server a command talks to (--server or $CW_SERVER) and the token it presents (--token or $CW_TOKEN).</summary>
public sealed record ServerSettings(Uri Url, string Token)
{
    public static bool IsGiven(ParseResult parse) => !string.IsNullOrWhiteSpace(ServerText(parse));

    /// <summary>Null in embedded mode; the checked settings when a server is given.</summary>
    public static ServerSettings? From(ParseResult parse)
    {
        if (ServerText(parse) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new UsageException($"--server '{text}' is not an http:// or https:// URL (without user or password)");
        }

        var token = parse.GetValue(GlobalOptions.Token) ?? Environment.GetEnvironmentVariable("CW_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException($"the server at {Describe(url)} needs an API token: set CW_TOKEN or give --token");
        }

        // Checked here, because a header value the HTTP stack refuses could be quoted in its message.
        if (token.Trim().Any(c => c is <= ' ' or > '~'))
        {
            throw new UsageException("the API token has characters no API token has (spaces, control or non-ASCII characters); check --token or CW_TOKEN");
        }

        // The API lives under /api of the given base, which may itself be a path behind a proxy.
        var basePath = url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        return new ServerSettings(basePath, token.Trim());
    }

    /// <summary>The URL for messages.</summary>
    public static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Never the token: records print their members, and this one is a secret.</summary>
    public override string ToString() => $"ServerSettings {{ Url = {Describe(Url)} }}";

    private static string? ServerText(ParseResult parse) =>
        parse.GetValue(GlobalOptions.Server) ?? Environment.GetEnvironmentVariable("CW_SERVER");
}
