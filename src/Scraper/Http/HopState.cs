namespace Scraper.Http;

/// <summary>
/// What the next hop of a request is sent with. It starts from the request merged with the session's defaults and
/// loses what must not follow a redirect: the body when the method becomes GET (R1), and credentials, per-request
/// cookies, credential headers whatever set them (A3) and the configured headers once the chain leaves the
/// request's origin (A2, C8, R6). Once dropped, they stay dropped even if a later hop comes back.
/// </summary>
internal sealed class HopState
{
    /// <summary>Headers that carry credentials: never sent to another origin, whether the session or the request set them (A3).</summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie" };

    private readonly Uri _origin;

    public HopState(SessionRequest request, Uri url, List<KeyValuePair<string, string>> headers, SessionAuth? auth)
    {
        Request = request;
        Url = url;
        // A request that continues a chain the crawler follows hop by hop keeps that chain's origin (A2, A3).
        _origin = request.RedirectedFrom ?? url;
        Method = request.Method;
        Content = request.Content;
        Headers = headers;
        Auth = auth;
        OwnOriginCookies = request.Cookies.Count > 0 ? request.Cookies : null;
    }

    public SessionRequest Request { get; }

    public Uri Url { get; set; }

    public HttpMethod Method { get; private set; }

    public RequestContent? Content { get; private set; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public SessionAuth? Auth { get; private set; }

    public IDictionary<string, string>? OwnOriginCookies { get; private set; }

    /// <summary>Drops the credentials at once when the request continues a chain that started at another origin.</summary>
    public void LeaveOriginIfNeeded(ISet<string> headersStrippedAcrossOrigins)
    {
        if (!RedirectPolicy.IsSameOriginForCredentials(_origin, Url))
        {
            DropCredentials(headersStrippedAcrossOrigins);
        }
    }

    public void MoveTo(Uri target, HttpMethod method, ISet<string> headersStrippedAcrossOrigins)
    {
        if (method != Method && method == HttpMethod.Get)
        {
            Content = null;
            Headers.RemoveAll(static h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
        }

        if (!RedirectPolicy.IsSameOriginForCredentials(_origin, target))
        {
            DropCredentials(headersStrippedAcrossOrigins);
        }

        Url = target;
        Method = method;
    }

    private void DropCredentials(ISet<string> headersStrippedAcrossOrigins)
    {
        Auth = null;
        OwnOriginCookies = null;
        Headers.RemoveAll(h => CredentialHeaders.Contains(h.Key) || headersStrippedAcrossOrigins.Contains(h.Key));
    }
}
