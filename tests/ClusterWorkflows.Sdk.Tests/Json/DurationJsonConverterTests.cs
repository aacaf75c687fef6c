using System.Text.Json;

namespace ClusterWorkflows.Sdk.Tests.Json;

public sealed class DurationJsonConverterTests
{
    public sealed record Holder(TimeSpan Wait, TimeSpan? Optional = null);

    private static Holder Read(string waitJson) =>
        JsonSerializer.Deserialize<Holder>($$"""{"wait": {{waitJson}}}""", ActivityJson.Options)!;

    [Theory]
    [InlineData("\"30s\"", 30_000)]
    [InlineData("\"1h30m\"", 5_400_000)]
    [InlineData("\"500ms\"", 500)]
    [InlineData("\"00:05:00\"", 300_000)]
    [InlineData("90", 90_000)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1_500)]
    [InlineData("0.25", 250)]
    public void Read_StringOrSeconds_ReturnsDuration(string json, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Read(json).Wait);
    }

    [Fact]
    public void Read_BadString_ThrowsJsonExceptionWithExamples()
    {
        var ex = Assert.Throws<JsonException>(() => Read("\"10 minutes\""));

        Assert.Contains("'10 minutes' is not a duration (examples: 500ms, 30s, 5m, 1h30m)", ex.Message);
        Assert.Equal("$.wait", ex.Path);
    }

    [Fact]
    public void Read_NegativeSeconds_IsLeftForTheActivityToJudge()
    {
        Assert.Equal(TimeSpan.FromSeconds(-5), Read("-5").Wait);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-1e300")]
    [InlineData("9.3e11")]
    public void Read_NumberOutOfRange_ThrowsJsonException(string json)
    {
        var ex = Assert.Throws<JsonException>(() => Read(json));

        Assert.Equal("$.wait", ex.Path);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Read_NotAStringOrNumber_ThrowsJsonException(string json)
    {
        Assert.Throws<JsonException>(() => Read(json));
    }

    [Fact]
    public void Read_NullableNull_ReturnsNull()
    {
        var holder = JsonSerializer.Deserialize<Holder>("""{"wait": "1s", "optional": null}""", ActivityJson.Options)!;

        Assert.Null(holder.Optional);
    }

    [Fact]
    public void Read_NullableValue_ReturnsDuration()
    {
        var holder = JsonSerializer.Deserialize<Holder>("""{"wait": "1s", "optional": "2m"}""", ActivityJson.Options)!;

        Assert.Equal(TimeSpan.FromMinutes(2), holder.Optional);
    }

    [Fact]
    public void Write_Duration_WritesCompactString()
    {
        var json = JsonSerializer.Serialize(new Holder(TimeSpan.FromMinutes(90), TimeSpan.FromMilliseconds(1500)), ActivityJson.Options);

        Assert.Equal("""{"wait":"1h30m","optional":"1s500ms"}""", json);
    }

    [Fact]
    public void Write_NullableNull_WritesNull()
    {
        Assert.Equal("""{"wait":"0s","optional":null}""", JsonSerializer.Serialize(new Holder(TimeSpan.Zero), ActivityJson.Options));
    }

    [Fact]
    public void Converter_UsedDirectly_RoundTrips()
    {
        var options = new JsonSerializerOptions { Converters = { new DurationJsonConverter() } };

        var json = JsonSerializer.Serialize(TimeSpan.FromHours(49), options);

        Assert.Equal("\"2d1h\"", json);
        Assert.Equal(TimeSpan.FromHours(49), JsonSerializer.Deserialize<TimeSpan>(json, options));
    }
}
