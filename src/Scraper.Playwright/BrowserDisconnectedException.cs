using Microsoft.Playwright;

namespace Scraper.Playwright;

/// <summary>
/// A call on the browser that was given up on because the browser disconnected (died, was killed, or stopped
/// answering) before the call was answered. A <see cref="PlaywrightException"/>, as the failures Playwright reports
/// for a closed browser are, so every path that handles those handles this one too.
/// </summary>
internal sealed class BrowserDisconnectedException : PlaywrightException
{
    public BrowserDisconnectedException()
        : base("The browser disconnected before it answered (it died or was killed).")
    {
    }
}
