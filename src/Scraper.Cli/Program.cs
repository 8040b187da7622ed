using Scraper.Cli;

// Ctrl+C cancels the command in flight (a fetch, a crawl) and exits 130, as the crawl hosts do.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await ScraperApp.RunAsync(args, ToolConsole.System, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
