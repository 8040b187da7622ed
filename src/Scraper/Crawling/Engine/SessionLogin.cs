using Scraper.Crawling.Downloading.Login;
using Scraper.Crawling.Stats;
using Scraper.Http;

namespace Scraper.Crawling.Engine;

/// <summary>
/// The login lifecycle of one spider session: log in before the first request; when the logged-out detector
/// fires, log in again exactly once however many requests noticed it (they wait, then replay); give up after
/// too many logins in a row that did not produce a logged-in response.
/// </summary>
internal sealed class SessionLogin : IDisposable
{
    private readonly Spider _spider;
    private readonly CrawlStats _stats;
    private readonly int _maxAttempts;
    private readonly bool _hasLogin;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private int _generation;
    private int _unconfirmedLogins;
    private long _sharedGeneration;

    public SessionLogin(Session session, Spider spider, CrawlStats stats, int maxAttempts)
    {
        Session = session;
        _spider = spider;
        _stats = stats;
        _maxAttempts = maxAttempts;
        // Found by reflection: looked up once, not on every request.
        _hasLogin = spider.HasLogin;
    }

    public Session Session { get; }

    /// <summary>Gets what says, in one line, that a saved session was reused instead of logging in; none in unit tests.</summary>
    public SavedSessionLog? Restored { get; init; }

    /// <summary>Gets what makes a login run once for every worker of a shared crawl; null logs in per process.</summary>
    public ISharedLogin? Shared { get; init; }

    /// <summary>Gets the number of logins so far; a request remembers it to tell whether a re-login already happened.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Logs in before the first request (once); later callers return at once. When the session restored cookies
    /// saved by an earlier run and the spider can tell a logged-out page, the login is skipped: the detector logs
    /// in again if the saved session turns out to be stale.
    /// </summary>
    public ValueTask EnsureLoggedInAsync(CancellationToken cancellationToken) =>
        !_hasLogin || Volatile.Read(ref _generation) > 0 ? ValueTask.CompletedTask : new ValueTask(FirstLoginAsync(cancellationToken));

    /// <summary>
    /// Gets a value indicating whether a request can go without waiting: the first login (if any) is done and no
    /// login is running.
    /// </summary>
    public bool IsSettled => (!_hasLogin || Volatile.Read(ref _generation) > 0) && _lock.CurrentCount > 0;

    /// <summary>Waits while a login of this session is running, so requests are not sent half logged in.</summary>
    public async ValueTask WaitForLoginAsync(CancellationToken cancellationToken)
    {
        if (_lock.CurrentCount == 0)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            _lock.Release();
        }
    }

    /// <summary>
    /// Logs in again because a response sent under <paramref name="observedGeneration"/> was logged out; does
    /// nothing when another request already logged in since.
    /// </summary>
    public Task ReloginAsync(int observedGeneration, CancellationToken cancellationToken) => LogInAsync(observedGeneration, cancellationToken);

    /// <summary>A response on this session was not logged out: the last login worked.</summary>
    public void Confirm() => Volatile.Write(ref _unconfirmedLogins, 0);

    public void Dispose() => _lock.Dispose();

    private async Task FirstLoginAsync(CancellationToken cancellationToken)
    {
        // A shared crawl asks its login lock instead: it knows whether (and how often) another worker logged in.
        if (Shared is null && _spider.LoggedOut is not null && await Session.RestoreCookiesAsync(cancellationToken).ConfigureAwait(false))
        {
            // Count the restored session as a login; a logged-out answer will move past this generation.
            Interlocked.CompareExchange(ref _generation, 1, 0);
            if (Restored is not null)
            {
                await Restored.ReusedAsync(_spider.Name, Session.Name, cancellationToken).ConfigureAwait(false);
            }
            return;
        }

        await LogInAsync(0, cancellationToken).ConfigureAwait(false);
    }

    private async Task LogInAsync(int observedGeneration, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _generation) != observedGeneration)
            {
                return;
            }

            if (++_unconfirmedLogins > _maxAttempts)
            {
                throw new LoginFailedException(
                    $"Spider '{_spider.Name}' logged session '{Session.Name}' in {_maxAttempts} times in a row without getting a logged-in page; stopping rather than crawl logged out.");
            }

            if (Shared is null)
            {
                await RunLoginAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var ran = false;
                _sharedGeneration = await Shared.LogInOnceAsync(Session.Name, _sharedGeneration, async token =>
                {
                    await RunLoginAsync(token).ConfigureAwait(false);
                    ran = true;
                }, cancellationToken).ConfigureAwait(false);
                if (!ran)
                {
                    // Another worker logged in for the whole crawl: take its cookies from the shared store.
                    await Session.ReloadCookiesAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            Interlocked.Increment(ref _generation);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task RunLoginAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _spider.LoginAsync(Session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LoginFailedException))
        {
            throw new LoginFailedException($"Spider '{_spider.Name}' could not log session '{Session.Name}' in: {ex.Message}", ex);
        }

        _stats.LoggedIn();
        // Saved before the crawl goes on: a kill right after a login must not cost the next run another one.
        await Session.FlushCookiesAsync(cancellationToken).ConfigureAwait(false);
    }
}
