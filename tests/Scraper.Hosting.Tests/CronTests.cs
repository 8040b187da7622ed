namespace Scraper.Hosting.Tests;

public sealed class CronTests
{
    [Theory]
    [InlineData("*/30 * * * *")]
    [InlineData("0 */30 * * * *")]
    [InlineData(" 15 0 */6 * * * ")]
    public void Schedule_FiveOrSixFieldsAreValid(string cron)
    {
        var result = new ScraperHostOptionsValidator().Validate(null, new ScraperHostOptions { Schedule = cron });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Schedule_SixFieldsCountSecondsFirst()
    {
        var cron = ScraperHostOptionsValidator.ParseCronOrThrow("30 0 12 * * *");

        Assert.Equal(new DateTime(2026, 1, 1, 12, 0, 30, DateTimeKind.Utc), cron.GetNextOccurrence(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("0 0 0 * * * *")]
    [InlineData("61 * * * *")]
    public void Schedule_OtherFieldCountsOrBadFieldsFailNamingTheKeyAndValue(string cron)
    {
        var result = new ScraperHostOptionsValidator().Validate(null, new ScraperHostOptions { Spiders = { ["shop"] = new SpiderHostOptions { Schedule = cron } } });

        Assert.False(result.Succeeded);
        Assert.Contains($"Scraper:Spiders:shop:Schedule '{cron}'", result.FailureMessage, StringComparison.Ordinal);
    }
}
