using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Activities.Core.Http;

internal sealed record HttpBody(string Text, long BytesRead, bool Truncated);

internal static class HttpBodyReader
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Reads at most <see cref="MaxBytes"/>; the rest is never downloaded.</summary>
    public static async Task<HttpBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var truncated = false;
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            var room = MaxBytes - (int)buffer.Length;
            if (read > room)
            {
                buffer.Write(chunk, 0, room);
                truncated = true;
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        var text = EncodingOf(content.Headers.ContentType).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return new HttpBody(text.TrimStart('\uFEFF'), buffer.Length, truncated);
    }

    public static bool IsJson(MediaTypeHeaderValue? contentType)
    {
        var media = contentType?.MediaType;
        return media is not null
            && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    public static bool TryParseJson(string text, out JsonNode? json)
    {
        try
        {
            json = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            json = null;
            return false;
        }
    }

    private static Encoding EncodingOf(MediaTypeHeaderValue? contentType)
    {
        var charset = contentType?.CharSet?.Trim('"');
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
