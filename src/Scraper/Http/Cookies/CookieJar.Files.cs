namespace Scraper.Http.Cookies;

/// <summary>The jar saved to and loaded from its JSON form (semantics C10): a file, a stream, or a session store's cookies.</summary>
public sealed partial class CookieJar
{
    /// <summary>Saves the jar to a JSON file, atomically (written aside, then moved over) and readable only by its owner (semantics C10).</summary>
    /// <param name="path">The file; its folder is created when missing.</param>
    /// <param name="cancellationToken">Cancels the write; the old file stays as it was.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        CookieFile.SaveAsync(path, GetAllCookies(), cancellationToken);

    /// <summary>Writes the jar as JSON to a stream (left open).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is written.</returns>
    public Task SaveAsync(Stream stream, CancellationToken cancellationToken = default) =>
        CookieFile.WriteAsync(stream, GetAllCookies(), cancellationToken);

    /// <summary>Loads cookies saved by <see cref="SaveAsync(string, CancellationToken)"/>; expired ones are skipped. A missing file loads nothing.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the cookies are in the jar.</returns>
    /// <exception cref="InvalidDataException">The file is not a cookie file; the message names it.</exception>
    public async Task LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await CookieFile.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Loads cookies from a stream written by <see cref="SaveAsync(Stream, CancellationToken)"/>.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the cookies are in the jar.</returns>
    public async Task LoadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        Load(await CookieFile.ReadAsync(stream, "stream", cancellationToken).ConfigureAwait(false));

    /// <summary>Adds cookies a session store kept; expired ones and ones that could not be sent are skipped.</summary>
    internal void Load(IEnumerable<StoredCookie> cookies)
    {
        foreach (var cookie in cookies)
        {
            SetLoaded(cookie);
        }
    }

    /// <summary>A cookie from a file: one that could not be sent (an edited file) is skipped with a log line, not thrown.</summary>
    private void SetLoaded(StoredCookie cookie)
    {
        if (HeaderRules.CookieProblem(cookie.Name, cookie.Value) is { } problem)
        {
            Log.Rejected(_logger, cookie.Domain, problem);
            return;
        }

        Set(cookie);
    }
}
