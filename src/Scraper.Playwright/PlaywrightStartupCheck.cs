using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Scraper.Playwright;

/// <summary>
/// Launches Chromium once when the host is starting, before any crawl (a lifecycle service's
/// <c>StartingAsync</c> runs before every hosted service's start), and closes it: a Chromium that does not start
/// or is too old stops the host at once with a message naming the executable path setting, instead of failing
/// every rendered page of the first run.
/// </summary>
internal sealed class PlaywrightStartupCheck(IOptions<PlaywrightOptions> options, ILogger<PlaywrightDownloadHandler>? logger = null) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CheckAtStart)
        {
            return;
        }

        var handler = new PlaywrightDownloadHandler(options.Value, logger);
        await using (handler.ConfigureAwait(false))
        {
            await handler.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
