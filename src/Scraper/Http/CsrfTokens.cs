using System.Collections.Concurrent;
using AngleSharp.Dom;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// Applies the opt-in anti-CSRF patterns to unsafe requests on the same origin: the XSRF-TOKEN cookie copied into
/// a header, and the last <c>&lt;meta name="csrf-token"&gt;</c> seen on a page of that origin.
/// </summary>
internal sealed class CsrfTokens
{
    private readonly CsrfOptions _options;
    private readonly CookieJar _cookies;
    private readonly ConcurrentDictionary<string, string> _metaTokensByOrigin = new(StringComparer.OrdinalIgnoreCase);

    public CsrfTokens(CsrfOptions options, CookieJar cookies)
    {
        _options = options;
        _cookies = cookies;
    }

    public void Remember(Uri pageUrl, IDocument document)
    {
        if (!_options.MetaToken)
        {
            return;
        }

        var token = document.QuerySelector("meta[name='csrf-token']")?.GetAttribute("content");
        if (!string.IsNullOrEmpty(token))
        {
            _metaTokensByOrigin[Origin(pageUrl)] = token;
        }
    }

    public void Apply(HttpRequestMessage message, Uri url)
    {
        if (_options.CookieToHeader && !message.Headers.Contains(_options.HeaderName))
        {
            foreach (var cookie in _cookies.GetCookies(url))
            {
                if (cookie.Name == _options.CookieName)
                {
                    // Frameworks URL-encode the token in the cookie and compare it decoded, as axios sends it.
                    message.Headers.TryAddWithoutValidation(_options.HeaderName, Uri.UnescapeDataString(cookie.Value));
                    break;
                }
            }
        }

        if (_options.MetaToken && !message.Headers.Contains(_options.MetaHeaderName)
            && _metaTokensByOrigin.TryGetValue(Origin(url), out var token))
        {
            message.Headers.TryAddWithoutValidation(_options.MetaHeaderName, token);
        }
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
