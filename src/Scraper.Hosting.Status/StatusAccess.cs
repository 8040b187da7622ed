using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Scraper.Hosting.Status;

/// <summary>
/// Who may see the page and press its buttons. With a token: <c>Authorization: Bearer</c>, or the cookie the page
/// sets after one visit with <c>?token=</c> (HttpOnly, SameSite=Strict). Without one (loopback only): anyone on this
/// machine. Always: the Host header must be the configured address (so a site rebinding its name to 127.0.0.1 cannot
/// read the page), and a POST needs the page's anti-forgery header (a form on another site cannot set it, and a
/// cross-origin script that tries is stopped by CORS, which this server never allows).
/// </summary>
internal sealed class StatusAccess(StatusOptions options)
{
    public const string CookieName = "scraper-status";
    public const string CsrfHeader = "X-Scraper-Csrf";

    private readonly byte[]? _token = options.Token is { } token ? Encoding.UTF8.GetBytes(token) : null;

    /// <summary>Gets the anti-forgery value of this process's page, written into the page and sent back by its buttons.</summary>
    public string Csrf { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets or sets the host names the page answers to (any port); null: any (off loopback, where the token guards it).</summary>
    public HashSet<string>? AllowedHosts { get; set; }

    public bool HostAllowed(HttpContext context) =>
        AllowedHosts is null || AllowedHosts.Contains(context.Request.Host.Host);

    public bool Authorized(HttpContext context)
    {
        if (_token is null)
        {
            return true;
        }

        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        return (header.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(header["Bearer ".Length..]))
            || (request.Cookies.TryGetValue(CookieName, out var cookie) && Matches(cookie));
    }

    /// <summary>The token given once in the page's URL: right, and the page sets the cookie and sends the browser to a URL without it.</summary>
    public bool TokenInQuery(HttpContext context) =>
        _token is not null && context.Request.Query.TryGetValue("token", out var given) && Matches(given.ToString());

    public void SetCookie(HttpContext context) => context.Response.Cookies.Append(CookieName, options.Token!, new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = context.Request.IsHttps,
    });

    /// <summary>A POST from the page itself: its anti-forgery header, and, when the browser names one, this server as origin.</summary>
    public bool SameOriginPost(HttpContext context)
    {
        var request = context.Request;
        if (!request.Headers.TryGetValue(CsrfHeader, out var csrf) || !FixedEquals(csrf.ToString(), Csrf))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private bool Matches(string given) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
