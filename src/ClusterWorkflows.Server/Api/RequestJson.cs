using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Errors;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// Reads request bodies by hand rather than with model binding, so that every problem is reported
/// with the path of the field it concerns (and all problems at once), unknown fields are refused
/// (a typo must not be silently ignored by an operator API), and nothing is echoed back.
/// </summary>
public static class RequestJson
{
    /// <summary>
    /// Request bodies nest at most 64 levels, and a repeated property is a syntax error (JsonObject
    /// would otherwise throw on first use, a 500).
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>The body as a JSON object with only <paramref name="allowed"/> fields.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !IsJson(type))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).");
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, documentOptions: DocumentOptions, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest("body", ex.LineNumber is { } line ? $"not valid JSON (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "not valid JSON");
        }

        if (node is not JsonObject body)
        {
            throw ApiException.BadRequest("body", $"must be a JSON object, got {Kind(node)}");
        }

        var errors = new FieldErrors();
        CheckText(body, "", errors);
        errors.ThrowIfAny();
        foreach (var (name, _) in body)
        {
            if (!allowed.Contains(name))
            {
                errors.Add(name, $"unknown field; allowed: {string.Join(", ", allowed)}");
            }
        }

        errors.ThrowIfAny();
        return body;
    }

    /// <summary>
    /// JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which is no text at all: every
    /// later use of it would fail, so it is refused here with the field's path.
    /// </summary>
    private static void CheckText(JsonNode? node, string path, FieldErrors errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    CheckText(child, path.Length == 0 ? name : $"{path}.{name}", errors);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckText(array[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    errors.Add(path, "not valid text (a lone UTF-16 surrogate)");
                }

                break;
        }
    }

    public static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "a string",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "a number",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a value",
    };

    public static string? String(JsonObject body, string field, FieldErrors errors, bool required = false, int maxLength = 10_000)
    {
        var node = body[field];
        if (node is null)
        {
            if (required)
            {
                errors.Add(field, "required");
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            errors.Add(field, $"must be a string, got {Kind(node)}");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "must not be empty");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, $"longer than {maxLength} characters");
        }

        return text;
    }

    public static JsonObject? Object(JsonObject body, string field, FieldErrors errors)
    {
        switch (body[field])
        {
            case null:
                return null;
            case JsonObject o:
                return o;
            case var other:
                errors.Add(field, $"must be an object, got {Kind(other)}");
                return null;
        }
    }

    public static bool? Bool(JsonObject body, string field, FieldErrors errors)
    {
        switch (body[field])
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                return flag;
            case var other:
                errors.Add(field, $"must be true or false, got {Kind(other)}");
                return null;
        }
    }

    public static int? Int(JsonObject body, string field, FieldErrors errors, int min, int max)
    {
        switch (body[field])
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<int>(out var number) && number >= min && number <= max:
                return number;
            case var other:
                errors.Add(field, $"must be a whole number from {min} to {max}, got {(other is JsonValue ? other.ToJsonString() : Kind(other))}");
                return null;
        }
    }
}
