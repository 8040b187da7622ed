using Scraper.Crawling;

namespace Scraper.Playwright;

/// <summary>
/// Asks for a request to be rendered in the browser, carried in <see cref="Request.Features"/>: a request without
/// it goes over plain HTTP. Add it with <see cref="RenderRequestExtensions.Rendered"/>.
/// </summary>
/// <example>
/// <code>
/// yield return new Request(url).Rendered(new RenderOptions { WaitFor = [RenderWait.ForSelector(".product")] });
/// </code>
/// </example>
public sealed record RenderOptions
{
    /// <summary>Gets the plain rendering: load the page, run its scripts until the load event, read the DOM.</summary>
    public static RenderOptions Default { get; } = new();

    /// <summary>Gets the conditions awaited, in order, after the load event and before the actions.</summary>
    public IReadOnlyList<RenderWait> WaitFor { get; init; } = [];

    /// <summary>Gets the steps done, in order, before the DOM is read.</summary>
    public IReadOnlyList<PageAction> Actions { get; init; } = [];

    /// <summary>Gets how long the whole rendering may take; <see cref="PlaywrightOptions.DefaultTimeout"/> when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the resource types not loaded; <see cref="PlaywrightOptions.BlockedResourceTypes"/> when null, nothing blocked when empty.</summary>
    public IReadOnlySet<string>? BlockedResourceTypes { get; init; }
}
