namespace Scraper.Playwright;

/// <summary>
/// A condition the rendered page must reach before it is read (after the load event and before the actions):
/// a selector appears, the network goes idle, a fixed time passes, or a script predicate holds.
/// </summary>
public abstract record RenderWait
{
    private protected RenderWait()
    {
    }

    /// <summary>Gets a wait for no network connection for 500 ms (Playwright's networkidle).</summary>
    public static RenderWait NetworkIdle { get; } = new NetworkIdleWait();

    /// <summary>Waits until an element matching a selector is visible.</summary>
    /// <param name="selector">A CSS (or Playwright) selector.</param>
    /// <returns>The wait.</returns>
    public static RenderWait ForSelector(string selector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        return new SelectorWait(selector);
    }

    /// <summary>Waits a fixed time; a last resort, since it is either too long or too short.</summary>
    /// <param name="delay">The time.</param>
    /// <returns>The wait.</returns>
    public static RenderWait ForTime(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new DelayWait(delay);
    }

    /// <summary>Waits until a JavaScript expression or function is truthy, for example <c>() =&gt; window.ready === true</c>.</summary>
    /// <param name="expression">The expression or function source.</param>
    /// <returns>The wait.</returns>
    public static RenderWait ForFunction(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new FunctionWait(expression);
    }

    internal sealed record NetworkIdleWait : RenderWait;

    internal sealed record SelectorWait(string Selector) : RenderWait;

    internal sealed record DelayWait(TimeSpan Delay) : RenderWait;

    internal sealed record FunctionWait(string Expression) : RenderWait;
}
