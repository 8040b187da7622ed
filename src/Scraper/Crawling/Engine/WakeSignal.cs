using System.Threading.Channels;

namespace Scraper.Crawling.Engine;

/// <summary>
/// An async auto-reset event: <see cref="Set"/> wakes one waiter, or the next one if none waits; repeated sets
/// before a wait collapse into one. The engine's scheduling loop sleeps on it instead of polling.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Set() => _channel.Writer.TryWrite(true);

    public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
        await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
