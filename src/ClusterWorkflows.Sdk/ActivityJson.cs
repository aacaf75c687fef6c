using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterWorkflows.Sdk;

/// <summary>The one JSON contract for activity inputs and outputs (camelCase, strict).</summary>
public static class ActivityJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            PropertyNameCaseInsensitive = false,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new DurationJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Reads and writes TimeSpan as a runbook duration ("30s", "5m").</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    // Below TimeSpan.MaxValue.TotalSeconds with margin for rounding, so FromSeconds cannot overflow.
    private const double MaxSeconds = 9e11;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Negative values pass through for the activity to judge; only what TimeSpan cannot hold is refused here.
            return reader.TryGetDouble(out var seconds) && Math.Abs(seconds) <= MaxSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new JsonException("a duration in seconds must be a number of at most about 29000 years.");
        }

        var text = reader.GetString();
        return Duration.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a duration (examples: 500ms, 30s, 5m, 1h30m).");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Duration.Format(value));
}
