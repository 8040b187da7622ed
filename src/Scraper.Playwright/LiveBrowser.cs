using Microsoft.Playwright;

namespace Scraper.Playwright;

/// <summary>
/// One launched browser and the end of its connection. Every call on the browser, its contexts and its pages goes
/// through <see cref="CallAsync{T}"/> or <see cref="SettleAsync"/>, which end at once when the browser is gone and in
/// any case within a bound: Playwright's client fails a call only when its driver answers, and its driver leaves some
/// calls on a dead browser unanswered for ever (a new page whose browser died while the page was opening). A call
/// given up on is kept in <see cref="AbandonedCalls"/>, to be observed when the handler closes.
/// </summary>
internal sealed class LiveBrowser
{
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AbandonedCalls _abandoned;

    public LiveBrowser(IBrowser browser, AbandonedCalls abandoned)
    {
        Browser = browser;
        _abandoned = abandoned;
        browser.Disconnected += (_, _) => _gone.TrySetResult();
        // Subscribed first, checked second: a browser that died in between is seen either way.
        if (!browser.IsConnected)
        {
            _gone.TrySetResult();
        }
    }

    public IBrowser Browser { get; }

    /// <summary>Gets a task that completes when the browser disconnected (died, was killed or closed) or was found lost.</summary>
    public Task Gone => _gone.Task;

    /// <summary>Gets a value indicating whether the browser is still usable.</summary>
    public bool IsConnected => !Gone.IsCompleted && Browser.IsConnected;

    /// <summary>The browser does not answer although its connection stands: treated as gone from now on.</summary>
    public void MarkLost() => _gone.TrySetResult();

    /// <summary>Awaits a call on the browser, ending it when the browser goes or the bound passes.</summary>
    /// <exception cref="BrowserDisconnectedException">The browser went before the call was answered.</exception>
    /// <exception cref="TimeoutException">The bound passed first.</exception>
    public async Task<T> CallAsync<T>(Task<T> call, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        await WaitAsync(call, bound, time, cancellationToken).ConfigureAwait(false);
        return await call.ConfigureAwait(false);
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public async Task CallAsync(Task call, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        await WaitAsync(call, bound, time, cancellationToken).ConfigureAwait(false);
        await call.ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a call whose outcome no longer matters (a close, the rest of a rendering already given up) until it
    /// ends, the browser goes or the bound passes; never throws.
    /// </summary>
    /// <returns>False when the bound passed first (the browser is alive but did not answer in time).</returns>
    public async Task<bool> SettleAsync(Task call, TimeSpan bound, TimeProvider time)
    {
        try
        {
            await WaitAsync(call, bound, time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BrowserDisconnectedException)
        {
            // Whatever the call was for ended with the browser.
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }

        await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return true;
    }

    /// <summary>
    /// Closes the browser within the bound, also one found lost whose connection still stands (its process may
    /// still run); a browser already disconnected has nothing left to close.
    /// </summary>
    /// <returns>False when the bound passed first.</returns>
    public async Task<bool> CloseAsync(TimeSpan bound, TimeProvider time)
    {
        if (!Browser.IsConnected)
        {
            return true;
        }

        var close = Browser.CloseAsync();
        try
        {
            await close.WaitAsync(bound, time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _abandoned.Add(close);
            return false;
        }
        catch (PlaywrightException)
        {
            // It died as it was being closed.
            return true;
        }
    }

    private async Task WaitAsync(Task call, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var first = await Task.WhenAny(call, Gone).WaitAsync(bound, time, cancellationToken).ConfigureAwait(false);
            if (first != call)
            {
                throw new BrowserDisconnectedException();
            }
        }
        catch when (!call.IsCompleted)
        {
            _abandoned.Add(call);
            throw;
        }
    }
}
