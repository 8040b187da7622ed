namespace Scraper.Playwright;

/// <summary>
/// How the browser of a crawl is launched (configuration section <c>Scraper:Playwright</c>). Playwright's driver
/// ships inside the NuGet package and the browser is the system's Chromium (Debian's <c>chromium</c> package):
/// nothing is downloaded at run time, and no <c>playwright install</c> is needed.
/// </summary>
public sealed class PlaywrightOptions
{
    /// <summary>The configuration section the hosting extension binds.</summary>
    public const string SectionName = "Scraper:Playwright";

    /// <summary>Gets or sets the Chromium executable: a path, or a bare name looked up on the PATH.</summary>
    /// <value>The default value is <c>chromium</c> (Debian puts it at /usr/bin/chromium).</value>
    public string ExecutablePath { get; set; } = "chromium";

    /// <summary>Gets or sets a value indicating whether the browser runs without a window.</summary>
    /// <value>The default value is true.</value>
    public bool Headless { get; set; } = true;

    /// <summary>
    /// Gets or sets how many pages may be open at once across the crawl, a limit of its own beside the HTTP
    /// concurrency: a rendered page costs tens of megabytes of renderer memory, a plain request a few kilobytes.
    /// </summary>
    /// <value>The default value is 4.</value>
    public int MaxPages { get; set; } = 4;

    /// <summary>
    /// Gets or sets the oldest Chromium major version the browser may report when it starts: Playwright drives
    /// Chromium over its DevTools protocol, which changes between versions, and an older browser fails in ways that
    /// look like the site's fault. Lower it at your own risk; the README lists the versions verified.
    /// </summary>
    /// <value>The default value is 156 (Debian bookworm's chromium, verified with Microsoft.Playwright 1.64.1).</value>
    public int MinimumChromiumVersion { get; set; } = 156;

    /// <summary>
    /// Gets or sets a value indicating whether the hosting extension launches Chromium once when the host starts,
    /// to check it (about a second), so a broken browser stops the program before its first crawl.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool CheckAtStart { get; set; } = true;

    /// <summary>Gets extra command-line switches for Chromium (for example <c>--disable-gpu</c>).</summary>
    public IList<string> Args { get; } = [];

    /// <summary>Gets or sets how long one rendering may take, navigation, waits and actions together, unless the request says otherwise.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long closing a page, a browser context or the browser may take, and how long a rendering
    /// given up on (timed out, or its browser died) may take to wind down. A browser that does not answer within it
    /// is left to die with the driver: a close never holds up the crawl, its end, or Ctrl+C.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets the Playwright resource types the browser does not load, unless a request says otherwise: images, fonts
    /// and media by default. They are most of a page's bytes, a scraper reads the DOM rather than pixels, and no
    /// script needs them to build the content; style sheets and scripts are kept because layout and scroll
    /// positions (infinite scroll) depend on them.
    /// </summary>
    public ISet<string> BlockedResourceTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "image", "font", "media" };

    /// <summary>Checks the settings and finds the browser; call at start.</summary>
    /// <returns>The full path of the Chromium executable.</returns>
    /// <exception cref="InvalidOperationException">A setting is out of range or Chromium is missing; the message names the key.</exception>
    public string Validate()
    {
        if (MaxPages < 1)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxPages)} must be at least 1 (it is {MaxPages}).");
        }

        if (MinimumChromiumVersion < 1)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MinimumChromiumVersion)} must be at least 1 (it is {MinimumChromiumVersion}).");
        }

        if (DefaultTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(DefaultTimeout)} must be positive (it is {DefaultTimeout}).");
        }

        if (CloseTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(CloseTimeout)} must be positive (it is {CloseTimeout}).");
        }

        return ChromiumLocator.Find(ExecutablePath) ?? throw new InvalidOperationException(
            $"Chromium was not found at {SectionName}:{nameof(ExecutablePath)} = '{ExecutablePath}'. Install it (Debian: apt-get install chromium) "
            + $"or set {SectionName}:{nameof(ExecutablePath)} to the browser's executable.");
    }
}
