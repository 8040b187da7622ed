using Microsoft.Extensions.Logging;

namespace Scraper.Http.Cookies;

/// <summary>
/// An RFC 6265 cookie jar (STUB: the real implementation replaces this file).
/// </summary>
public sealed class CookieJar
{
    /// <summary>Creates an empty jar.</summary>
    /// <param name="options">Limits; defaults when null.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    /// <param name="logger">Receives a debug line for each rejected Set-Cookie.</param>
    public CookieJar(CookieJarOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _ = options;
        _ = timeProvider;
        _ = logger;
    }

    /// <summary>Stores the cookies of one response's Set-Cookie headers.</summary>
    /// <param name="requestUri">The URL of the request the response answers.</param>
    /// <param name="setCookieHeaders">The raw Set-Cookie header values.</param>
    public void SetCookies(Uri requestUri, IEnumerable<string> setCookieHeaders) => throw new NotImplementedException();

    /// <summary>Returns the cookies to send to a URL, in RFC 6265 order (longer paths first, then older first).</summary>
    /// <param name="requestUri">The request URL.</param>
    /// <returns>The cookies.</returns>
    public IReadOnlyList<StoredCookie> GetCookies(Uri requestUri) => throw new NotImplementedException();

    /// <summary>Returns the Cookie header value for a URL, or null when no cookie matches.</summary>
    /// <param name="requestUri">The request URL.</param>
    /// <returns>The header value.</returns>
    public string? GetCookieHeader(Uri requestUri) => throw new NotImplementedException();

    /// <summary>Gets the number of cookies.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>Saves the jar.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Loads the jar.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public Task LoadAsync(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sets a cookie.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="path">The path.</param>
    public void Set(string name, string value, string domain, string path = "/") => throw new NotImplementedException();

    /// <summary>Deletes cookies.</summary>
    /// <param name="name">The name.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="path">The path.</param>
    /// <returns>The number removed.</returns>
    public int Delete(string name, string? domain = null, string? path = null) => throw new NotImplementedException();

    /// <summary>Clears the jar.</summary>
    public void Clear() => throw new NotImplementedException();

    /// <summary>All cookies.</summary>
    /// <returns>The cookies.</returns>
    public IReadOnlyList<StoredCookie> GetAllCookies() => throw new NotImplementedException();
}
