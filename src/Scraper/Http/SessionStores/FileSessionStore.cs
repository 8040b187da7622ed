using Scraper.Http.Cookies;

namespace Scraper.Http.SessionStores;

/// <summary>
/// The default session store: one cookie file per session, <c>{directory}/{session}.cookies.json</c>, created
/// readable only by its owner and replaced atomically (semantics C10).
/// </summary>
public sealed class FileSessionStore : ISessionStore
{
    private readonly string? _directory;
    private readonly string? _file;

    /// <summary>Creates a store of one file per session in a folder (created when first written).</summary>
    /// <param name="directory">The folder.</param>
    public FileSessionStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
    }

    private FileSessionStore(string? directory, string file)
    {
        _directory = directory;
        _file = file;
    }

    /// <summary>Returns a store that keeps whatever session uses it in one given file (<see cref="SessionOptions.CookieFile"/>).</summary>
    /// <param name="path">The cookie file.</param>
    /// <returns>The store.</returns>
    public static FileSessionStore ForFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new FileSessionStore(null, path);
    }

    /// <summary>Returns the file a session's cookies are kept in.</summary>
    /// <param name="session">The session's name.</param>
    /// <returns>The path.</returns>
    public string PathOf(string session) => _file ?? Path.Combine(_directory!, session + ".cookies.json");

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredCookie>?> LoadCookiesAsync(string session, CancellationToken cancellationToken = default)
    {
        var path = PathOf(session);
        return File.Exists(path) ? await CookieFile.LoadAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc/>
    public Task SaveCookiesAsync(string session, IReadOnlyList<StoredCookie> cookies, CancellationToken cancellationToken = default) =>
        CookieFile.SaveAsync(PathOf(session), cookies, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The file's last write: it is replaced whenever the cookies are saved.</remarks>
    public Task<DateTimeOffset?> SavedAtAsync(string session, CancellationToken cancellationToken = default)
    {
        var path = PathOf(session);
        return Task.FromResult(File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : (DateTimeOffset?)null);
    }

    /// <inheritdoc/>
    public string Describe(string session) => PathOf(session);
}
