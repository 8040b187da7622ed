using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Scraper.Http.SessionStores;

namespace Scraper.Http.Cookies;

/// <summary>
/// Saves a session's cookies to its store (a cookie file, a job file) when its jar changes, not only when the session closes, so a killed process keeps
/// the session it had (a login, a refreshed token). A loop of its own does the writing: at most one write is in
/// flight, each writes the jar as it is then (the latest state wins), the first change after a quiet spell is written
/// at once and later ones are coalesced into one write per <see cref="MinInterval"/>, so a crawl of thousands of
/// Set-Cookie answers writes a handful of files. Each write is atomic (the store's promise). Disposing stops the
/// loop, waits for it and writes the final state.
/// </summary>
internal sealed class SessionCookieWriter : IAsyncDisposable
{
    /// <summary>The least time between two writes prompted by changes; a flush (after a login) does not wait for it.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly CookieJar _jar;
    private readonly ISessionStore _store;
    private readonly string _session;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _savedVersion;
    private int _saves;

    public SessionCookieWriter(CookieJar jar, ISessionStore store, string session, TimeProvider time, ILogger logger)
    {
        _jar = jar;
        _store = store;
        _session = session;
        _time = time;
        _logger = logger;
        _savedVersion = jar.Version;
        jar.Changed = () => _changes.Writer.TryWrite(true);
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Gets how many times the file was written (for tests of the coalescing).</summary>
    internal int Saves => Volatile.Read(ref _saves);

    /// <summary>Writes the jar now if it changed since the last write, without waiting for the interval.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => SaveAsync(force: false, cancellationToken);

    /// <summary>
    /// Loads cookies the store already holds (another worker of a shared crawl saved them) into the jar without
    /// writing them back: a write-back could land after a newer save by that worker and undo it.
    /// </summary>
    public async Task LoadAsSavedAsync(IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _jar.Load(cookies);
            Interlocked.Exchange(ref _savedVersion, _jar.Version);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Waits until the file holds the jar at <paramref name="version"/> or later (for tests: no sleeps).</summary>
    internal async Task WaitForVersionAsync(long version, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var saved = Volatile.Read(ref _saved);
            if (Interlocked.Read(ref _savedVersion) >= version)
            {
                return;
            }

            await saved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _jar.Changed = null;
        _changes.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            // The final state, always: a jar loaded from a missing file is saved too (as the session always did).
            await SaveAsync(force: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
            _writing.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Off the constructor's stack: the session's first request must not wait for this loop to start.
        await Task.Yield();
        try
        {
            while (await _changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _changes.Reader.TryRead(out _);
                await SaveAsync(force: false, cancellationToken).ConfigureAwait(false);
                // Changes during the pause pile up as one signal: the next write takes them all.
                await Task.Delay(MinInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposing: the final write follows.
        }
    }

    private async Task SaveAsync(bool force, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var version = _jar.Version;
            if (!force && version == Interlocked.Read(ref _savedVersion))
            {
                return;
            }

            try
            {
                await _store.SaveCookiesAsync(_session, _jar.GetAllCookies(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A full disk, a read-only folder, a locked job file: the crawl goes on, and the next change tries again.
                SessionLog.CookiesNotSaved(_logger, _session, _store.Describe(_session), ex.Message);
                return;
            }

            Interlocked.Exchange(ref _savedVersion, version);
            Interlocked.Increment(ref _saves);
            SessionLog.CookiesSaved(_logger, _session, _jar.Count, _store.Describe(_session));
            Interlocked.Exchange(ref _saved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        finally
        {
            _writing.Release();
        }
    }
}
