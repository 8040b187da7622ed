using System.Collections.Concurrent;
using AngleSharp.Dom;
using Microsoft.Extensions.Logging;
using Scraper.Http.Cookies;

namespace Scraper.Http;

/// <summary>
/// Applies the opt-in anti-CSRF patterns to unsafe requests on the same origin: the XSRF-TOKEN cookie copied into
/// a header, and the last <c>&lt;meta name="csrf-token"&gt;</c> seen on a page of that origin. Both are server
/// values copied into a request header, so both are checked as a caller's would be (H3, H4): one that could add a
/// header or break the request is ignored with a debug line.
/// </summary>
internal sealed class CsrfTokens
{
    private readonly CsrfOptions _options;
    private readonly CookieJar _cookies;
    private readonly ILogger _logger;
    private readonly string _sessionName;
    private readonly ConcurrentDictionary<string, string> _metaTokensByOrigin = new(StringComparer.OrdinalIgnoreCase);

    public CsrfTokens(CsrfOptions options, CookieJar cookies, ILogger logger, string sessionName)
    {
        _options = options;
        _cookies = cookies;
        _logger = logger;
        _sessionName = sessionName;
    }

    public void Remember(Uri pageUrl, IDocument document)
    {
        if (!_options.MetaToken)
        {
            return;
        }

        var token = document.QuerySelector("meta[name='csrf-token']")?.GetAttribute("content");
        if (!string.IsNullOrEmpty(token) && IsSendable(_options.MetaHeaderName, token, pageUrl))
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
                    var cookieToken = Uri.UnescapeDataString(cookie.Value);
                    if (IsSendable(_options.HeaderName, cookieToken, url))
                    {
                        message.Headers.TryAddWithoutValidation(_options.HeaderName, cookieToken);
                    }

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

    private bool IsSendable(string header, string token, Uri url)
    {
        if (HeaderRules.ValueProblem(header, token) is not { } problem)
        {
            return true;
        }

        SessionLog.ServerValueIgnored(_logger, _sessionName, header, UrlRedaction.Redact(url), problem);
        return false;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
