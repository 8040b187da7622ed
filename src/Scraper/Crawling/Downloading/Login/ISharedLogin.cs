namespace Scraper.Crawling.Downloading.Login;

/// <summary>
/// Makes a session's login happen once for a whole crawl that several workers share (a distributed lock), not once
/// per worker: the first login, and each re-login after the logged-out detector fired, runs on one worker while the
/// others wait and then reuse its cookies from the shared <see cref="Scraper.Http.SessionStores.ISessionStore"/> (so a shared
/// login needs a shared session store). Set through <see cref="CrawlerServices.SharedLogin"/>.
/// </summary>
public interface ISharedLogin
{
    /// <summary>
    /// Runs <paramref name="logIn"/> unless another worker already logged the session in after
    /// <paramref name="observedGeneration"/>; while another worker's login runs, waits for it.
    /// </summary>
    /// <param name="session">The session's name.</param>
    /// <param name="observedGeneration">The crawl-wide login count this worker last saw (0 before any login).</param>
    /// <param name="logIn">The login itself; it saves the session's cookies to the shared store before it returns.</param>
    /// <param name="cancellationToken">Cancels the wait or the login.</param>
    /// <returns>The crawl-wide login count after: higher than <paramref name="observedGeneration"/>.</returns>
    ValueTask<long> LogInOnceAsync(string session, long observedGeneration, Func<CancellationToken, Task> logIn, CancellationToken cancellationToken = default);
}
