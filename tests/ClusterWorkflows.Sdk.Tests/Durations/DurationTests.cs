using System.Text.RegularExpressions;

namespace ClusterWorkflows.Sdk.Tests.Durations;

public sealed class DurationTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "2h", TimeSpan.FromHours(2) },
        { "2d", TimeSpan.FromDays(2) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "1m5s", TimeSpan.FromSeconds(65) },
        { "1d2h3m4s5ms", new TimeSpan(1, 2, 3, 4, 5) },
        { "1s1ms", TimeSpan.FromMilliseconds(1001) },
        { "90s", TimeSpan.FromSeconds(90) },
        { "0s", TimeSpan.Zero },
        { "0ms", TimeSpan.Zero },
        { " 30s ", TimeSpan.FromSeconds(30) },
        { "00:05:00", TimeSpan.FromMinutes(5) },
        { "01:30:00", TimeSpan.FromMinutes(90) },
        { "00:00:00.5", TimeSpan.FromMilliseconds(500) },
        { "36:00:00", TimeSpan.FromHours(36) },
        { "25:00:00", TimeSpan.FromHours(25) },
        { "99:59:59.9999999", TimeSpan.FromHours(100) - TimeSpan.FromTicks(1) },
        { "1.02:00:00", TimeSpan.FromHours(26) },
        { "10675199.02:48:05.4775807", TimeSpan.MaxValue },
        { "00:00:00.0000001", TimeSpan.FromTicks(1) },
        { "10675199d", TimeSpan.FromDays(10675199) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ValidText_ReturnsDuration(string text, TimeSpan expected)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidText_ReturnsDuration(string text, TimeSpan expected)
    {
        Assert.Equal(expected, Duration.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("30S")]
    [InlineData("30 s")]
    [InlineData("1.5h")]
    [InlineData("-30s")]
    [InlineData("+30s")]
    [InlineData("30sec")]
    [InlineData("10 minutes")]
    [InlineData("1w")]
    [InlineData("1h 30m")]
    [InlineData("-00:05:00")]
    [InlineData("5:00")]
    [InlineData("00:60:00")]
    [InlineData("00:00:60")]
    [InlineData("100:00:00")]
    [InlineData("1:2:3")]
    [InlineData("-1.02:00:00")]
    [InlineData("1.24:00:00")]
    [InlineData("99999999.00:00:00")]
    [InlineData("00:00:00.12345678")]
    [InlineData("99999999999999999999s")]
    [InlineData("9999999999999d")]
    [InlineData("10675200d")]
    [InlineData("10675199d10675199d")]
    public void TryParse_BadText_ReturnsFalseAndZero(string? text)
    {
        Assert.False(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void Parse_BadText_ThrowsFormatExceptionWithExamples()
    {
        var ex = Assert.Throws<FormatException>(() => Duration.Parse("10 minutes"));

        Assert.Equal("'10 minutes' is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d).", ex.Message);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(60_000, "1m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(86_400_000, "1d")]
    [InlineData(93_784_005, "1d2h3m4s5ms")]
    [InlineData(34_560_000_000, "400d")]
    public void Format_WholeMilliseconds_WritesCompactForm(long milliseconds, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Format_BelowOneMillisecond_KeepsTheExactValue()
    {
        Assert.Equal("00:00:00.0000001", Duration.Format(TimeSpan.FromTicks(1)));
        Assert.Equal("00:00:01.0015000", Duration.Format(TimeSpan.FromTicks(10_015_000)));
    }

    [Fact]
    public void Format_Negative_IsNotEmpty()
    {
        Assert.Equal("-00:00:05", Duration.Format(TimeSpan.FromSeconds(-5)));
    }

    public static TheoryData<TimeSpan> RoundTrips => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromMilliseconds(1),
        TimeSpan.FromMilliseconds(999),
        TimeSpan.FromSeconds(59),
        TimeSpan.FromMinutes(90),
        new TimeSpan(3, 23, 59, 59, 999),
        TimeSpan.FromDays(365),
        TimeSpan.FromTicks(1),
        TimeSpan.FromTicks(12_345_678),
        TimeSpan.FromDays(10_000),
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void FormatThenParse_RoundTrips(TimeSpan value)
    {
        Assert.Equal(value, Duration.Parse(Duration.Format(value)));
    }

    [Theory]
    [InlineData("500ms", true)]
    [InlineData("1h30m", true)]
    [InlineData("00:05:00", true)]
    [InlineData("00:00:00.5", true)]
    [InlineData("30", false)]
    [InlineData("1.5h", false)]
    [InlineData("5:00", false)]
    [InlineData("36:00:00", true)]
    public void Pattern_AgreesWithTryParse(string text, bool valid)
    {
        Assert.Equal(valid, Regex.IsMatch(text, Duration.Pattern));
        Assert.Equal(valid, Duration.TryParse(text, out _));
    }
}
