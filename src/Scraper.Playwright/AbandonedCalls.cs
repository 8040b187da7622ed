namespace Scraper.Playwright;

/// <summary>
/// The calls on a browser that a rendering or a close stopped waiting for (the browser died, or the call outlived
/// its bound). They are not left running unobserved: the handler awaits them when it closes, after the Playwright
/// driver is gone, which fails whatever it never answered.
/// </summary>
internal sealed class AbandonedCalls
{
    private readonly Lock _lock = new();
    private readonly List<Task> _calls = [];

    public void Add(Task call)
    {
        lock (_lock)
        {
            // The finished ones are observed here, so a long crawl with many browser restarts keeps only the pending.
            _calls.RemoveAll(static c => c.IsCompleted && Observe(c));
            _calls.Add(call);
        }
    }

    /// <summary>Waits, within the bound, for every call given up on; their failures are expected and not rethrown.</summary>
    public async Task DrainAsync(TimeSpan bound, TimeProvider time)
    {
        Task[] calls;
        lock (_lock)
        {
            calls = [.. _calls];
            _calls.Clear();
        }

        var all = Task.WhenAll(calls);
        await all.WaitAsync(bound, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (all.IsCompleted)
        {
            Observe(all);
        }
    }

    // Reading a finished task's exception marks it observed: dropped without it, a failure would be reported as unobserved.
    private static bool Observe(Task call)
    {
        _ = call.Exception;
        return true;
    }
}
