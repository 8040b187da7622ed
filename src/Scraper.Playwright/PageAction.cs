namespace Scraper.Playwright;

/// <summary>
/// A step done on the rendered page before its DOM is read: scroll to the end (infinite scroll), click (a "load
/// more" button, a link that exists only in a click handler), fill a field, submit a form. Each may be followed by
/// a wait.
/// </summary>
public abstract record PageAction
{
    private protected PageAction()
    {
    }

    /// <summary>Gets the condition awaited after the step; none when null.</summary>
    public RenderWait? Then { get; init; }

    /// <summary>
    /// Scrolls to the bottom up to <paramref name="times"/> times, stopping early once the page stops growing
    /// (no new content within <paramref name="settle"/> of a scroll).
    /// </summary>
    /// <param name="times">The most scrolls.</param>
    /// <param name="settle">How long to wait for the page to grow after each scroll; 1 second when null.</param>
    /// <returns>The action.</returns>
    public static PageAction ScrollToEnd(int times = 10, TimeSpan? settle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new ScrollAction(times, settle ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>Clicks the first element matching a selector (waiting for it to be visible and enabled).</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="then">A condition awaited after the click.</param>
    /// <returns>The action.</returns>
    public static PageAction Click(string selector, RenderWait? then = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        return new ClickAction(selector) { Then = then };
    }

    /// <summary>Types a value into the field matching a selector, replacing what it held.</summary>
    /// <param name="selector">The field's selector.</param>
    /// <param name="value">The value.</param>
    /// <returns>The action.</returns>
    public static PageAction Fill(string selector, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        ArgumentNullException.ThrowIfNull(value);
        return new FillAction(selector, value);
    }

    /// <summary>Clicks a submit button and waits for the page it loads.</summary>
    /// <param name="selector">The button's selector.</param>
    /// <param name="then">A condition awaited on the new page.</param>
    /// <returns>The action.</returns>
    public static PageAction Submit(string selector, RenderWait? then = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        return new SubmitAction(selector) { Then = then };
    }

    internal sealed record ScrollAction(int Times, TimeSpan Settle) : PageAction;

    internal sealed record ClickAction(string Selector) : PageAction;

    internal sealed record FillAction(string Selector, string Value) : PageAction
    {
        /// <summary>Never shows the value: it may be a password.</summary>
        public override string ToString() => $"Fill {Selector}";
    }

    internal sealed record SubmitAction(string Selector) : PageAction;
}
