namespace Scraper.Crawling;

/// <summary>
/// Tells from a response that its session was logged out, so the engine logs that session in again once and
/// replays the request. Combine rules with <see cref="Or"/>.
/// </summary>
public sealed class LoggedOutDetector
{
    private readonly Func<Response, bool> _isLoggedOut;
    private readonly string _description;

    private LoggedOutDetector(Func<Response, bool> isLoggedOut, string description)
    {
        _isLoggedOut = isLoggedOut;
        _description = description;
    }

    /// <summary>Fires on any of these status codes (for example 401, 403).</summary>
    /// <param name="statusCodes">The codes.</param>
    /// <returns>The detector.</returns>
    public static LoggedOutDetector Status(params int[] statusCodes)
    {
        var codes = statusCodes.ToHashSet();
        return new(r => codes.Contains((int)r.Status), "status " + string.Join('/', statusCodes));
    }

    /// <summary>Fires when the request was redirected to a page whose path starts with this one (the login page).</summary>
    /// <param name="loginPath">The login page's path, for example <c>/login</c>, or an absolute URL.</param>
    /// <returns>The detector.</returns>
    public static LoggedOutDetector RedirectTo(string loginPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loginPath);
        var path = Uri.TryCreate(loginPath, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : loginPath;
        bool IsLoginPath(Uri url) => url.AbsolutePath.StartsWith(path, StringComparison.OrdinalIgnoreCase);
        return new(
            r => !IsLoginPath(r.Request.Url)
                && ((r.Redirected && IsLoginPath(r.Url))
                    // A redirect not followed (its target was already seen, or redirects are off) that points there.
                    || ((int)r.Status is >= 300 and < 400 && r.Inner.Headers.Location is { } location && IsLoginPath(location.IsAbsoluteUri ? location : new Uri(r.Url, location)))),
            "redirect to " + path);
    }

    /// <summary>Fires when the page has an element matching this CSS selector (for example a login form).</summary>
    /// <param name="cssSelector">The selector.</param>
    /// <returns>The detector.</returns>
    public static LoggedOutDetector Selector(string cssSelector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cssSelector);
        return new(r => r.IsHtml && r.Document.QuerySelector(cssSelector) is not null, "selector " + cssSelector);
    }

    /// <summary>Fires when the predicate says so.</summary>
    /// <param name="predicate">The rule.</param>
    /// <param name="description">What it checks, for logs.</param>
    /// <returns>The detector.</returns>
    public static LoggedOutDetector When(Func<Response, bool> predicate, string description = "custom rule") =>
        new(predicate ?? throw new ArgumentNullException(nameof(predicate)), description);

    /// <summary>Fires when this or the other detector fires.</summary>
    /// <param name="other">The other detector.</param>
    /// <returns>The combined detector.</returns>
    public LoggedOutDetector Or(LoggedOutDetector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(r => IsLoggedOut(r) || other.IsLoggedOut(r), _description + " or " + other._description);
    }

    /// <summary>Checks a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>Whether its session was logged out.</returns>
    public bool IsLoggedOut(Response response) => _isLoggedOut(response);

    /// <summary>Describes the rule.</summary>
    /// <returns>For example <c>redirect to /login</c>.</returns>
    public override string ToString() => _description;
}
