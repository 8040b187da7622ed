using Microsoft.Extensions.Logging;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The log of a <see cref="Crawler"/> given no <see cref="CrawlerServices.LoggerFactory"/>: information and above,
/// one readable line each (<c>12:39:34 INF Spider books: 120 pages ...</c>), on standard error, so a ten-line spider
/// shows its progress and summary with no set-up while its standard output stays the program's own. Written at
/// once, without a queue, so nothing is lost when the program ends right after the crawl.
/// </summary>
/// <param name="writer">Where lines go; standard error (as it is at each line) when null.</param>
/// <param name="timeProvider">The clock of the time stamps; the system's when null.</param>
internal sealed class ConsoleLoggerFactory(TextWriter? writer = null, TimeProvider? timeProvider = null) : ILoggerFactory
{
    private readonly ConsoleLine _logger = new(writer, timeProvider ?? TimeProvider.System);

    public ILogger CreateLogger(string categoryName) => _logger;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("Set CrawlerServices.LoggerFactory to a factory of your own to add providers.");

    public void Dispose()
    {
    }

    private sealed class ConsoleLine(TextWriter? writer, TimeProvider timeProvider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Information => "INF",
                LogLevel.Warning => "WRN",
                LogLevel.Error => "ERR",
                _ => "FTL",
            };
            var line = $"{timeProvider.GetLocalNow():HH:mm:ss} {level} {formatter(state, exception)}";
            (writer ?? Console.Error).WriteLine(exception is null ? line : $"{line}{Environment.NewLine}  {exception.GetType().Name}: {exception.Message}");
        }
    }
}
