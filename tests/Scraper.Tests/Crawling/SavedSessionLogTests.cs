using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scraper.Crawling.Engine;

namespace Scraper.Tests.Crawling;

/// <summary>The one line that says a saved session spared the login, with the cookies' age as a person says it.</summary>
public sealed class SavedSessionLogTests
{
    [Theory]
    [InlineData(0.4, "0 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "1 minute")]
    [InlineData(185, "3 minutes")]
    [InlineData(7200, "2 hours")]
    [InlineData(86400 * 3, "3 days")]
    public void Describe_AgeIsInTheLargestWholeUnit(double seconds, string expected) =>
        Assert.Equal(expected, SavedSessionLog.Describe(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Reused_LogsTheSessionAndHowLongAgoItsCookiesWereSaved()
    {
        var file = Path.GetTempFileName();
        try
        {
            var saved = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
            File.SetLastWriteTimeUtc(file, saved.UtcDateTime);
            var logger = new FakeLogger();

            new SavedSessionLog(file, logger, new FakeTimeProvider(saved.AddMinutes(3))).Reused("shop", "default");

            Assert.Equal("Spider shop: reusing the saved session default (cookies saved 3 minutes ago); not logging in", logger.LatestRecord.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
